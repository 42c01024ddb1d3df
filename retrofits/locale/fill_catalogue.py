"""Apply the Chinese translations to the catalogue and report anything left untranslated.

cd retrofits && ../.venv/bin/python locale/fill_catalogue.py
"""

import sys
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).parent))
from zh_hans_translations import ZH, ZH_PLURAL  # noqa: E402

po_path = Path(__file__).parent / "zh_Hans" / "LC_MESSAGES" / "django.po"
po = polib.pofile(str(po_path))
po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
po.metadata["Language"] = "zh_Hans"
po.metadata["Project-Id-Version"] = "ULE Portal retrofits"
po.metadata["Language-Team"] = "Simplified Chinese"
po.metadata_is_fuzzy = False
missing = []
for entry in po:
    if entry.obsolete:
        continue
    if entry.msgid_plural:
        text = ZH_PLURAL.get(entry.msgid)
        if text:
            entry.msgstr_plural = {0: text}
    else:
        text = ZH.get(entry.msgid)
        if text:
            entry.msgstr = text
    if not text:
        missing.append(entry.msgid)
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
po.save()
po.save_as_mofile(str(po_path.with_suffix(".mo")))
if missing:
    print("Untranslated:", *missing, sep="\n  ")
    sys.exit(1)
print(f"{len(po)} entries translated")
