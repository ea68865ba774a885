#!/bin/sh
# Regenerates TraditionalToSimplified.txt from OpenCC's character dictionary (Debian package libopencc-data,
# tool opencc_dict from package opencc). OpenCC data: Copyright 2010-2022 BYVoid, Apache License 2.0.
# Keeps one-character entries whose first candidate is one different character (both in the BMP).
set -eu
out="$(dirname "$0")/TraditionalToSimplified.txt"
tmp="$(mktemp)"
opencc_dict -i /usr/share/opencc/TSCharacters.ocd2 -o "$tmp" -f ocd2 -t text
{
  echo "# Traditional -> Simplified Chinese character table for search folding."
  echo "# Generated from OpenCC 1.1.6 TSCharacters (Debian libopencc-data) by generate-ts-table.sh."
  echo "# OpenCC data: Copyright 2010-2022 BYVoid <byvoid@byvoid.com>. Licensed under the Apache License, Version 2.0"
  echo "# (http://www.apache.org/licenses/LICENSE-2.0). See OPENCC-LICENSE.txt beside this file."
  LC_ALL=C.UTF-8 python3 - "$tmp" <<'PY'
import sys
for line in open(sys.argv[1], encoding="utf-8"):
    parts = line.rstrip("\n").split("\t")
    if len(parts) < 2:
        continue
    src, dst = parts[0], parts[1].split(" ")[0]
    if len(src) == 1 and len(dst) == 1 and src != dst and ord(src) < 0x10000 and ord(dst) < 0x10000:
        print(src + "\t" + dst)
PY
} > "$out"
rm -f "$tmp"
