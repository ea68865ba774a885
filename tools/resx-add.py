#!/usr/bin/env python3
"""Adds or updates translations in a .resx file (creating it if missing).

Usage: tools/resx-add.py path/to/Strings.zh-HK.resx "English key" "中文" ["English key" "中文" ...]
       tools/resx-add.py path/to/Strings.zh-HK.resx --tsv file.tsv   (lines: English<TAB>中文)
Keys are the English text; the zh-HK resx holds the Traditional Chinese.
"""
import sys, os
import xml.etree.ElementTree as ET

HEADER = '''<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
</root>
'''

def main():
    if len(sys.argv) < 2 or sys.argv[1].startswith('-') or not sys.argv[1].endswith('.resx'):
        # Never create a file from a mistyped first argument (such as --help): say how to call it.
        print(__doc__.strip())
        sys.exit(0 if len(sys.argv) > 1 and sys.argv[1] in ('-h', '--help') else 2)
    path = sys.argv[1]
    args = sys.argv[2:]
    pairs = []
    if args and args[0] == '--tsv':
        with open(args[1], encoding='utf-8') as f:
            for line in f:
                line = line.rstrip('\n')
                if not line.strip() or line.startswith('#'):
                    continue
                en, zh = line.split('\t', 1)
                pairs.append((en, zh))
    else:
        pairs = list(zip(args[0::2], args[1::2]))
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(HEADER)
    tree = ET.parse(path)
    root = tree.getroot()
    existing = {d.get('name'): d for d in root.findall('data')}
    for en, zh in pairs:
        d = existing.get(en)
        if d is None:
            d = ET.SubElement(root, 'data', {'name': en, '{http://www.w3.org/XML/1998/namespace}space': 'preserve'})
            ET.SubElement(d, 'value')
            existing[en] = d
        d.find('value').text = zh
    ET.indent(tree, space='  ')
    tree.write(path, encoding='utf-8', xml_declaration=True)

if __name__ == '__main__':
    main()
