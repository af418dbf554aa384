#!/usr/bin/env python3
"""Writes a large, realistic FAQ project for the benchmarks.

    bench/gen_large_faq.py OUT_DIR [--questions 360] [--releases 20] [--seed 7]

OUT_DIR receives `sources/` (faq.toml, entries/, snippets/, images/): a German
FAQ of a fictional software vendor after an IT incident, with sections, questions
added, revised and removed over the releases, release notes, links between
questions, lists, code, quotes, a snippet and an image. The text is made of
sentences assembled from fixed phrases with a seeded generator, so the same
arguments always give the same project. Only the Python standard library is used.
"""

import argparse
import datetime
import random
import shutil
from pathlib import Path

SUBJECTS = [
    "Unser Krisenstab", "Das Team der IT-Sicherheit", "Die beauftragten Forensiker",
    "Der Kundenservice", "Die Geschäftsführung", "Unsere Entwicklungsabteilung",
    "Die Datenschutzbeauftragte", "Das Rechenzentrum", "Der Betriebsrat",
    "Die Vertriebspartner", "Unsere Systemadministration", "Die Qualitätssicherung",
]
VERBS = [
    "prüft", "überwacht", "dokumentiert", "bewertet", "stellt", "informiert über",
    "untersucht", "begleitet", "koordiniert", "verbessert", "sichert", "bereitet vor",
]
OBJECTS = [
    "die Wiederherstellung der Produktivsysteme", "sämtliche Zugangsberechtigungen",
    "die Protokolldateien der Firewall", "den Wiederanlauf der Auftragsverarbeitung",
    "die Verschlüsselung der Datensicherungen", "die Kommunikation mit den Aufsichtsbehörden",
    "die Aktualisierung der Praxissoftware", "die Netzwerksegmentierung im Rechenzentrum",
    "die Auswertung der Schadsoftware", "die Erreichbarkeit der Service-Hotline",
    "die Zwei-Faktor-Authentifizierung für Fernwartungszugänge",
    "die Wiederinbetriebnahme des Kundenportals",
]
ADVERBIALS = [
    "seit dem frühen Morgen", "mit Hochdruck", "in enger Abstimmung mit den Behörden",
    "gemeinsam mit externen Fachleuten", "Schritt für Schritt", "nach einem festen Zeitplan",
    "rund um die Uhr", "mit besonderer Sorgfalt", "unter Beachtung aller Datenschutzvorgaben",
    "ohne Unterbrechung", "auch am Wochenende", "nach dem Vier-Augen-Prinzip",
]
FOLLOW_UPS = [
    "Wir informieren Sie, sobald gesicherte Ergebnisse vorliegen.",
    "Bis dahin bitten wir Sie um etwas Geduld.",
    "Ihre Praxisdaten auf den lokalen Servern sind davon nicht betroffen.",
    "Eine Zwischenmeldung veröffentlichen wir auf unserer Internetseite.",
    "Die Ergebnisse fließen unmittelbar in unsere Sicherheitsmaßnahmen ein.",
    "Sollten Sie Auffälligkeiten bemerken, melden Sie diese bitte sofort.",
    "Die Arbeiten werden voraussichtlich noch einige Tage andauern.",
    "Alle Schritte werden lückenlos protokolliert und später ausgewertet.",
]
QUESTION_STARTS = [
    "Wie gehe ich vor, wenn", "Was bedeutet es für meine Praxis, wenn",
    "Muss ich etwas unternehmen, wenn", "Wer hilft mir weiter, wenn",
    "Welche Folgen hat es, wenn", "Wie erfahre ich, ob",
]
QUESTION_ENDS = [
    "die Anmeldung an der Praxissoftware fehlschlägt",
    "die Datensicherung eine Warnung meldet",
    "ein Update nicht installiert werden kann",
    "die Fernwartung nicht erreichbar ist",
    "Patientinnen und Patienten nach dem Vorfall fragen",
    "ich eine verdächtige E-Mail erhalten habe",
    "das Kundenportal eine Fehlermeldung anzeigt",
    "die Abrechnung mit der Kassenärztlichen Vereinigung ansteht",
    "der Terminkalender nicht synchronisiert wird",
    "meine Lizenz in diesen Tagen abläuft",
    "ein Drucker im Netzwerk plötzlich nicht mehr reagiert",
    "der Server ungewöhnlich langsam arbeitet",
]
LIST_ITEMS = [
    "Praxisname und Kundennummer", "Produkt und Versionsstand",
    "eine Ansprechperson mit Rückrufnummer", "den genauen Wortlaut der Fehlermeldung",
    "Datum und Uhrzeit des Vorfalls", "die betroffenen Arbeitsplätze",
    "ein Bildschirmfoto, sofern möglich", "die Seriennummer des Servers",
]
STEPS = [
    "Melden Sie sich als Administrator an.",
    "Öffnen Sie das Menü **Extras › Einstellungen**.",
    "Wählen Sie den Eintrag **Sicherheit** und dort **Zugänge prüfen**.",
    "Bestätigen Sie die Abfrage mit **Weiter**.",
    "Starten Sie den Arbeitsplatz anschließend neu.",
    "Kontrollieren Sie im Protokoll, ob alle Schritte erfolgreich waren.",
]
SECTION_TITLES = [
    "Der Vorfall", "Ablauf und Zeitplan", "Ihre Daten", "Ihre Praxis",
    "Sicherheit und Passwörter", "Datensicherung", "Updates und Lizenzen",
    "Fernwartung", "Abrechnung", "Patientinnen und Patienten",
    "Rechtliches und Meldepflichten", "Service und Kontakt",
]


def sentence(rng):
    s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(ADVERBIALS)} {rng.choice(OBJECTS)}."
    if rng.random() < 0.2:
        s = s.replace(" die ", " die **", 1).replace(".", "**.", 1) if " die " in s else s
    return s


def paragraph(rng, sentences):
    parts = [sentence(rng) for _ in range(sentences)]
    parts.append(rng.choice(FOLLOW_UPS))
    text = " ".join(parts)
    return wrap(text)


def wrap(text, width=88):
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def answer(rng, links):
    """A realistic answer: two to four paragraphs, and often a list, a link,
    code or a quote."""
    blocks = [paragraph(rng, rng.randint(2, 4))]
    roll = rng.random()
    if roll < 0.25:
        items = rng.sample(LIST_ITEMS, rng.randint(3, 5))
        blocks.append("Bitte nennen Sie uns dabei\n\n" + "\n".join(f"- {i}," for i in items[:-1]) + f"\n- {items[-1]}.")
    elif roll < 0.45:
        steps = STEPS[: rng.randint(3, len(STEPS))]
        blocks.append("\n".join(f"{n}. {s}" for n, s in enumerate(steps, 1)))
    elif roll < 0.55:
        blocks.append(
            "Das Programm `OstwindAdmin.exe` im Ordner `C:\\Ostwind\\Server` zeigt den Stand an:\n\n"
            "```\nOstwindAdmin.exe --status --verbose\n```"
        )
    elif roll < 0.62:
        blocks.append("> " + wrap(rng.choice(FOLLOW_UPS) + " " + sentence(rng), 80).replace("\n", "\n> "))
    blocks.append(paragraph(rng, rng.randint(1, 3)))
    if rng.random() < 0.3:
        blocks.append(
            "Weitere Hinweise finden Sie unter "
            "[www.example.com/sicherheitsvorfall](https://www.example.com/sicherheitsvorfall) "
            "oder per E-Mail an [akutservice@example.com](mailto:akutservice@example.com)."
        )
    if links and rng.random() < 0.2:
        blocks.append(f"Lesen Sie dazu auch [](#{rng.choice(links)}).")
    return "\n\n".join(blocks)


def question(rng, n):
    return f"{rng.choice(QUESTION_STARTS)} {rng.choice(QUESTION_ENDS)} (Fall {n})?"


def generate(out, questions, releases, seed):
    rng = random.Random(seed)
    src = out / "sources"
    if src.exists():
        shutil.rmtree(src)
    (src / "entries").mkdir(parents=True)
    (src / "snippets").mkdir()
    (src / "images").mkdir()
    here = Path(__file__).resolve().parent
    shutil.copy(here.parent / "sources" / "images" / "wiederanlauf.png", src / "images" / "wiederanlauf.png")
    (src / "snippets" / "hinweis.md").write_text(
        "**Wichtig:** Geben Sie Passwörter niemals am Telefon oder per E-Mail weiter. "
        "Unsere Mitarbeitenden fragen nie danach.\n", encoding="utf-8")

    versions = [f"{i + 1}.0" for i in range(releases)]
    start = datetime.datetime(2026, 3, 2, 12, 0)
    dates = [start + datetime.timedelta(days=i * 2, hours=(i % 3) * 2) for i in range(releases)]

    ids = [f"frage-{i + 1:03d}" for i in range(questions)]
    # About 60 % of the questions are there from the first release, the rest
    # arrive over the later ones; some are revised and a few are removed.
    since = {}
    for i, qid in enumerate(ids):
        since[qid] = 0 if rng.random() < 0.6 else rng.randint(1, releases - 1)
    stable = [q for q in ids if since[q] == 0][: questions // 3]
    removed = {}
    for qid in rng.sample([q for q in ids if q not in stable], max(1, questions // 40)):
        if since[qid] < releases - 1:
            removed[qid] = rng.randint(since[qid] + 1, releases - 1)

    for n, qid in enumerate(ids, 1):
        last = removed.get(qid, releases) - 1
        revs = [since[qid]]
        for r in range(since[qid] + 1, last + 1):
            if rng.random() < 0.06:
                revs.append(r)
        links = [q for q in stable if q != qid]
        lines = []
        if qid in removed:
            lines.append(f'removed = "{versions[removed[qid]]}"')
        if n % 50 == 0:
            lines.append(f'title = "Kurzfassung Fall {n}"')
        if lines:
            lines.append("")
        q_text = question(rng, n)
        for k, r in enumerate(revs):
            lines.append("[[revision]]")
            lines.append(f'since = "{versions[r]}"')
            if k == 0:
                lines.append(f'question = "{q_text}"')
            elif rng.random() < 0.3:
                lines.append('change = "Ergänzung bei Frage {n} vorgenommen"')
            elif rng.random() < 0.1:
                lines.append("editorial = true")
            body = answer(rng, links)
            if n % 40 == 0:
                body += "\n\n{{#snippet hinweis}}"
            if n == 7 and k == len(revs) - 1:
                body += "\n\n![Schaubild der vier Phasen des Wiederanlaufs.](images/wiederanlauf.png)"
            lines.append(f"answer = '''\n{body}\n'''\n")
        (src / "entries" / f"{qid}.toml").write_text("\n".join(lines), encoding="utf-8")

    per = -(-questions // len(SECTION_TITLES))
    faq = [
        "[document]",
        'id = "grosse-faq"',
        'title = "Fragen und Antworten zum IT-Sicherheitsvorfall (Lastprobe)"',
        'subtitle = "Erzeugt für Messungen"',
        'organization = "Ostwind Praxissoftware GmbH"',
        'language = "de"',
        "",
        "intro = '''",
        paragraph(rng, 4),
        "'''",
        "",
        "closing = '''",
        "**Akutservice:** [akutservice@example.com](mailto:akutservice@example.com)",
        "'''",
        "",
    ]
    for s, title in enumerate(SECTION_TITLES):
        chunk = ids[s * per:(s + 1) * per]
        if not chunk:
            continue
        faq += ["[[section]]", f'title = "{title}"', "entries = ["]
        faq += [f'    "{q}",' for q in chunk]
        faq += ["]", ""]
    for i, (v, d) in enumerate(zip(versions, dates)):
        faq += ["[[release]]", f'version = "{v}"', f"date = {d.strftime('%Y-%m-%dT%H:%M:%S')}"]
        if i == 1:
            faq.append('notes = [{ text = "Tabelle Versionierung eingefügt", at = "changes" }]')
        elif i == 3:
            faq.append('notes = [{ text = "Inhaltsverzeichnis mit Seitenangaben ergänzt", at = "contents" }]')
        faq.append("")
    (src / "faq.toml").write_text("\n".join(faq), encoding="utf-8")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path)
    p.add_argument("--questions", type=int, default=360)
    p.add_argument("--releases", type=int, default=20)
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    generate(a.out, a.questions, a.releases, a.seed)


if __name__ == "__main__":
    main()
