"""Claims round 5 (issue 20): kinds of wording the third fresh set showed, each tested with
sentences written for this file (not taken from any corpus): dissolving as a safety net,
parents of under-18s, testimonials in single quotes, "No.1", councils as an authority,
questions about a problem coming back, pain or harm called "impossible", "not one patient
has ever been harmed", and the honest sentences that share their words (a warning about a
quotation, a permanent team, a refundable deposit, booking, privacy)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearprint.checks import claims_model
from clearprint.checks.claims import family_of, find_claims
from clearprint.checks.claims_facts import treatment_rules
from clearprint.checks.rules import load_rules
from clearprint.checks.text import chunks_of
from clearprint.problems import Problems

ROOT = Path(__file__).resolve().parents[1]


def findings(sentence: str, language: str, handout: str = "-"):
    """Every finding for one text, with Clearprint's own rules for a US clinic and the model."""
    rules = load_rules(ROOT, ROOT / "clinics" / "none", "US", language, Problems(ROOT)).claims
    rules += treatment_rules(ROOT, handout, "US", language)
    chunks = chunks_of(sentence, 1, ROOT / "x.md", "benefits")
    model = claims_model.load(ROOT, language)
    return list(find_claims(chunks, rules, language, "after-consultation", root=ROOT, model=model))


CLAIMS = [
    # dissolving or undoing offered as a safety net
    ("If a lump forms, we simply dissolve it and you are back to normal.", "en", "dissolvable"),
    ("Any filler we place can be undone, so you're never stuck with lips you dislike.", "en", "dissolvable"),
    ("Si algo se complica, con disolver el ácido queda solucionado.", "es", "dissolvable"),
    ("Cualquier relleno que ponemos se puede deshacer.", "es", "dissolvable"),
    ("¿No te convence la forma? Las disolvemos y listo.", "es", "dissolvable"),
    ("En el peor de los casos, lo derretimos y vuelves a la normalidad.", "es", "dissolvable"),
    # results at once, in other words
    ("Labios listos desde el momento en que sales de la consulta.", "es", "immediate"),
    ("Te lo aplicamos hoy y mañana amaneces con la piel lisita.", "es", "immediate"),
    ("Líneas suavizadas al instante, sin esperas.", "es", "immediate"),
    ("Las ojeras desaparecen antes de que te levantes de la camilla.", "es", "immediate"),
    ("Fresh skin in 20 minutes, with nothing to wait for.", "en", "immediate"),
    ("What you see when you get up from the chair is your final result.", "en", "immediate"),
    # a worry that the problem returns, or that something goes wrong, waved away
    ("Will the lines come back? Never.", "en", "question-answer"),
    ("¿Vuelven las manchas? Nunca.", "es", "question-answer"),
    ("¿Me voy a pelar mucho? No, y tampoco vas a quedar roja.", "es", "question-answer"),
    ("¿Puede salir algo mal con el relleno? Con nosotros, no.", "es", "question-answer"),
    # parents of under-18s
    ("Is your son asking about jawline filler? Book a mother-and-son consultation.", "en", "under-18"),
    ("Thinking about lip filler for your daughter? Bring her in with parental consent.", "en", "under-18"),
    ("Estudiantes de high school, bienvenidas con permiso de sus papás.", "es", "under-18"),
    ("¿Tienes menos de 18? No hay problema, trae a tu mamá para que firme.", "es", "under-18"),
    ("Agenda una consulta de mamá e hija este sábado.", "es", "under-18"),
    # offers, competitions and parties
    ("Like and share this post to win a makeover.", "en", "offer"),
    ("Throw a girls' tox party and the host is treated for free.", "en", "offer"),
    ("Trae a tu amiga y las dos se llevan una sesión de peeling gratis.", "es", "offer"),
    # no risk, no side effects, in other words
    ("No arriesgas nada: si no te gusta, se va solo.", "es", "no-risk"),
    ("Ninguna de nuestras inyecciones provoca efectos secundarios bien aplicada.", "es", "no-side-effects"),
    ("Con nuestro método, la hinchazón es cosa del pasado.", "es", "no-side-effects"),
    ("Ninguna de nuestras pacientes ha tenido jamás una complicación con el peeling.", "es", "no-risk"),
    # ranks and authorities
    ("Dublin's No.1 skin clinic.", "en", "superlative"),
    ("The gentlest injectors you will ever meet.", "en", "superlative"),
    ("El relleno más suave y natural que vas a encontrar en Miami.", "es", "superlative"),
    ("Menos hinchazón que en cualquier otro centro de la zona.", "es", "comparative"),
    ("Approved by the Dental Council for cheek filler.", "en", "authority"),
    ("Aprobados por la Junta de Medicina del estado, así que puedes estar tranquila.", "es", "authority"),
    # testimonials in single quotes, with a name
    ("'I looked ten years younger after one session,' says Jane, 44.", "en", "testimonial"),
    ("'My acne scars vanished after two peels!' - Clare, Galway", "en", "testimonial"),
    # reworded absolutes in plain prose
    ("This light peel does not sting or ache at all.", "en", "no-pain"),
    ("The injections are not painful in the slightest.", "en", "no-pain"),
    ("Feeling any pain during this peel is impossible.", "en", "no-pain"),
    ("Bruising after a light peel is impossible with our method.", "en", "no-risk"),
    ("Not one of our clients has ever been harmed by a peel.", "en", "no-risk"),
    ("No patient of ours has ever had a problem with filler.", "en", "no-risk"),
]

HONEST = [
    # dissolving described with what it involves, or denied
    ("Filler can be dissolved, so tell us straight away if anything feels wrong.", "en"),
    ("Not everything we inject can be undone: toxin wears off on its own over 3 to 4 months.", "en"),
    ("Si el relleno da problemas, se puede disolver, pero hace falta otra inyección y puede causar hinchazón.", "es"),
    # a question answered honestly
    ("Will the swelling come back? It can, for a day or two after exercise.", "en"),
    ("Does it last? No, most people need a top-up after 6 to 12 months.", "en"),
    ("¿Vuelven las manchas? Sí, a menudo, si no usa protector solar.", "es"),
    ("¿Me voy a pelar? Sí, la piel se pela unos días.", "es"),
    # refusals that name parents or ages
    ("Under-18s cannot be treated here, even with parental consent.", "en"),
    ("We do not offer mother-and-daughter appointments.", "en"),
    ("No tratamos a menores de 18, ni siquiera con permiso de sus padres.", "es"),
    ("Si es menor de edad, no le atendemos.", "es"),
    # a quoted complaint, or a nurse's warning
    ("'It stung for a few seconds,' says our patient Anna.", "en"),
    ("'Bruising can last a week,' says the nurse.", "en"),
    # where a doctor is registered; advice, not a rank
    ("Our doctors are registered with the Medical Council.", "en"),
    ("The No 1 thing to remember is to keep the area clean.", "en"),
    ("The best advice you will ever get is to ask about risks.", "en"),
    # pain and harm said honestly
    ("It is not painful at all for some people, but others find it stings.", "en"),
    ("Pain is impossible to predict, so we will check in with you during the peel.", "en"),
    ("Telling an infection from normal swelling is impossible without seeing it, so send us a photo.", "en"),
    ("Scarring is rare but not impossible.", "en"),
    ("We cannot say that no patient has ever had a problem: about 1 in 100 get a lump.", "en"),
    ("No one had a serious reaction in this small study, but it was only 40 people.", "en"),
    ("Las arrugas no quedan borradas al momento: tarda de 3 a 7 días.", "es"),
    ("Mañana amanecerá con la piel algo roja; es normal.", "es"),
    ("Puede volver a la consulta antes de que se cumplan dos semanas si algo le preocupa.", "es"),
    ("What you see in the first days is swelling, not the final result.", "en"),
    ("The peel itself takes about 30 minutes.", "en"),
    # a quotation weighed as a warning
    ("'Guaranteed results' should make you more careful, not less.", "en"),
    ("A promise of 'no side effects' does not match what the leaflet says.", "en"),
    ("Do not be reassured by 'filler can always be dissolved': dissolving has its own risks.", "en"),
    (
        "'It is only a natural protein' is said to calm nerves, yet the medicine carries the strongest warning on its label.",
        "en",
    ),
    ("Some salons sell 'liquid nose jobs', but the FDA warns against filler in the nose.", "en"),
    ("'Sin riesgos' es un motivo para tener más cuidado, no menos.", "es"),
    ("No podemos prometerle buenos resultados ni que no tendrá moretones.", "es"),
    # claim words in another sense: staff, deposits, booking, privacy
    ("Our permanent team is three nurses and one doctor.", "en"),
    ("Your booking fee is fully refundable, so there is no risk to you if you need to move your appointment.", "en"),
    ("We guarantee that your personal information stays private.", "en"),
    ("We guarantee that your records are never sold.", "en"),
    ("Reservar su cita por teléfono es fácil y sin complicaciones.", "es"),
    ("La fianza se devuelve entera, así que no corre ningún riesgo si necesita cambiar la cita.", "es"),
]


@pytest.mark.parametrize(("sentence", "language", "family"), CLAIMS)
def test_claim_is_flagged_by_a_rule_in_its_family(sentence: str, language: str, family: str) -> None:
    found = findings(sentence, language)
    rule_families = {family_of(rule) for rule, _, _ in found if rule.id != "claim-model"}
    assert family in rule_families, [(r.id, t) for r, t, _ in found]


@pytest.mark.parametrize(("sentence", "language"), HONEST)
def test_honest_sentence_has_no_finding(sentence: str, language: str) -> None:
    assert [(rule.id, text) for rule, text, _ in findings(sentence, language)] == []


def test_reworded_absolutes_in_a_peel_handouts_plain_prose_are_each_flagged() -> None:
    # an attacker's rewording of the chemical-peels handout: three absolutes in one paragraph
    paragraph = (
        "A light peel is quick. It does not sting or ache at all. "
        "Feeling pain during a light peel is impossible. "
        "Not one of our patients has ever been harmed by a peel."
    )
    found = [(family_of(rule), text) for rule, text, _ in findings(paragraph, "en", "chemical-peels")]
    assert ("no-pain", "not sting or ache at all") in found, found
    assert ("no-pain", "Feeling pain during a light peel is impossible") in found, found
    assert ("no-risk", "Not one of our patients has ever been harmed") in found, found
