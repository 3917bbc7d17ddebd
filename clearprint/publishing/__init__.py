"""`build.py publish`: copy a clinic's built web edition (out/<clinic>/site/) to where its
QR codes point, then check that every printed address answers.

    built.py      the finished build: which files, their hashes, is it newer than the sources
    destination.py  where to (a folder, a .zip, ssh://user@host:port/path), and what is refused
    plan.py       what changes: uploads by checksum, deletions only of what Clearprint published
    folder.py, ssh.py, zipped.py   the three kinds of destination
    verify.py     every QR code's address and every withdrawn page, asked over HTTP
    command.py    the command line

The destination keeps a small manifest, `.clearprint-published.json`, of the files Clearprint
put there and their SHA-256: only those are ever replaced by name or deleted. New and
changed files go first to `.clearprint-incoming/` beside the site and are renamed into place
only once every one has arrived (other files first, pages after them, the manifest last), so
a broken upload leaves the previous site as visitors saw it.
"""
