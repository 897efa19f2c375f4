#!/usr/bin/env python3
"""Size limits of issue 16 over the main sources: files over 400 code lines (not blank, not comment)
and methods over 60 lines (from the signature's line to the closing brace, comments excluded).
Usage: python3 rapport-bench/scripts/sizes.py [ROOT]   (prints offenders; exit 0 always)."""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "."
FILE_LIMIT, METHOD_LIMIT = 400, 60
SIG = re.compile(r'^\s*(public|protected|private|static|final|synchronized|default|abstract|\s)*'
                 r'(<[^>]+>\s*)?[\w<>\[\],.? ]+\s+(\w+)\s*\([^;{]*$|^\s*(public|protected|private)?\s*(static\s+)?'
                 r'(<[^>]+>\s*)?[\w<>\[\],.? ]+\s+(\w+)\s*\(.*\)\s*(throws [\w., ]+)?\s*\{\s*$')


def code_lines(text):
    text = re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'), text, flags=re.S)
    out = []
    for line in text.split('\n'):
        s = re.sub(r'//.*$', '', line) if '"' not in line else line
        out.append(s if s.strip() else None)
    return out


def methods(lines):
    """Yields (name, length) for brace blocks opened by a method or constructor signature."""
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if line is not None and '(' in line and not re.match(r'^\s*(if|for|while|switch|catch|return|new|else|try)\b', line) \
                and re.match(r'^\s*(@\w+\s+)*(public |protected |private |static |final |synchronized |default |abstract )*'
                             r'(<[^>]+>\s*)?[\w<>\[\],.? ]*\w\s*\(', line) and not line.rstrip().endswith(';'):
            name = re.search(r'(\w+)\s*\(', line).group(1)
            depth = 0
            started = False
            j = i
            length = 0
            while j < n:
                l = lines[j]
                if l is not None:
                    length += 1
                    stripped = re.sub(r'"(\\.|[^"\\])*"', '""', l)
                    stripped = re.sub(r"'(\\.|[^'\\])'", "''", stripped)
                    for ch in stripped:
                        if ch == '{':
                            depth += 1
                            started = True
                        elif ch == '}':
                            depth -= 1
                    if started and depth <= 0:
                        break
                    if not started and l.rstrip().endswith(';'):
                        break
                j += 1
            if started:
                yield name, length, i + 1
            i = j + 1 if started and length > 3 else i + 1
        else:
            i += 1


big_files, long_methods = [], []
for dirpath, _, files in os.walk(root):
    if '/src/main/java' not in dirpath.replace(os.sep, '/'):
        continue
    for f in files:
        if not f.endswith('.java'):
            continue
        p = os.path.join(dirpath, f)
        lines = code_lines(open(p, encoding='utf-8').read())
        count = sum(1 for l in lines if l is not None)
        if count > FILE_LIMIT:
            big_files.append((count, os.path.relpath(p, root)))
        for name, length, at in methods(lines):
            if length > METHOD_LIMIT and name[0].islower():
                long_methods.append((length, f"{os.path.relpath(p, root)}:{at} {name}"))
print(f"files over {FILE_LIMIT} code lines: {len(big_files)}")
for c, p in sorted(big_files, reverse=True):
    print(f"  {c:5d}  {p}")
print(f"methods over {METHOD_LIMIT} lines: {len(long_methods)}")
for c, p in sorted(long_methods, reverse=True):
    print(f"  {c:5d}  {p}")
