#!/bin/sh
# Page images for the README, docs/reference.md and the guide, drawn from the sample build in
# out/ at 60 dpi (as the guide says to look at a leaflet): run `make build` first. The web
# screenshots (web-*.png): scripts/web_images.py.
#
#     sh scripts/page_images.sh
set -eu
cd "$(dirname "$0")/.."
us=out/sample-us-maple-grove/en
uk=out/sample-uk-riverside/en
sheets=$(mktemp -d)
trap 'rm -rf "$sheets"' EXIT

page() {  # page PDF NUMBER IMAGE-WITHOUT-.png
  pdftoppm -r 60 -png -f "$2" -l "$2" -singlefile "$1" "$3"
}

page $us/botulinum-toxin.pdf 1 docs/images/standard-1
page $us/botulinum-toxin.pdf 2 docs/images/standard-2
page $us/botulinum-toxin.pdf 3 docs/images/standard-3
page $us/dermal-fillers.pdf 1 docs/images/dermal-fillers-1
page $us/dermal-fillers.pdf 2 docs/images/dermal-fillers-2
page $us/chemical-peels.pdf 1 docs/images/chemical-peels-1
page $us/chemical-peels.pdf 2 docs/images/chemical-peels-2
page $us/botulinum-toxin.large-print.pdf 1 docs/images/large-print-1
page $us/botulinum-toxin.trifold.pdf 1 docs/images/trifold-1
page $us/botulinum-toxin.trifold.pdf 2 docs/images/trifold-2
page $uk/dermal-fillers.pdf 1 docs/images/uk-a4-1
page out/sample-us-maple-grove/catalogue.pdf 1 docs/images/catalogue-1

.venv/bin/python build.py sheet botulinum-toxin --clinic sample-us-maple-grove \
  --visit examples/visit.yaml --out "$sheets/filled.pdf" >/dev/null
.venv/bin/python build.py sheet botulinum-toxin --clinic sample-us-maple-grove \
  --fillable --out "$sheets/fillable.pdf" >/dev/null
page "$sheets/filled.pdf" 1 docs/images/sheet-filled
page "$sheets/fillable.pdf" 1 docs/images/sheet-fillable

for name in standard-1 large-print-1 uk-a4-1 trifold-1 trifold-2 catalogue-1; do
  cp docs/images/$name.png guide/images/$name.png
done
cp docs/images/sheet-filled.png guide/images/sheet-1.png
