#!/usr/bin/env python3
# Finds string literals in C sources that read as English text and are not inside _(), N_() or P_().
# Usage: unwrapped.py TOP ALLOW_FILE; prints FILE:LINE: "TEXT" for each one found, exits 1 if any.
import re, sys, os
WORDS = re.compile(r"[A-Za-z]{2,}[,.:;!?']? +[A-Za-z(']")
def literals(src):
    i, n, line = 0, len(src), 1
    while i < n:
        c = src[i]
        if c == '\n':
            line += 1; i += 1
        elif src.startswith('//', i):
            j = src.find('\n', i); i = n if j < 0 else j
        elif src.startswith('/*', i):
            j = src.find('*/', i + 2); j = n if j < 0 else j + 2
            line += src.count('\n', i, j); i = j
        elif c == "'":
            j = i + 1
            while j < n and src[j] != "'":
                j += 2 if src[j] == '\\' else 1
            i = j + 1
        elif c == '"':
            j = i + 1
            while j < n and src[j] != '"':
                j += 2 if src[j] == '\\' else 1
            yield line, i, src[i + 1:j]
            i = j + 1
        elif c == '#' and (i == 0 or src[i - 1] == '\n') and src.startswith('#include', i):
            j = src.find('\n', i); i = n if j < 0 else j
        else:
            i += 1
def marked(src, pos):
    # the literal (or a run of adjacent literals) is the first argument of _( N_( P_(
    k = pos - 1
    while k >= 0:
        while k >= 0 and src[k] in ' \t\n\\':
            k -= 1
        if k >= 0 and src[k] == '"':   # an earlier literal of the same concatenation
            k -= 1
            while k >= 0 and not (src[k] == '"' and src[k - 1] != '\\'):
                k -= 1
            k -= 1
            continue
        break
    if k >= 0 and src[k] == ',':       # second argument of P_(one, many, n)
        m = re.search(r'P_\(\s*"(?:[^"\\]|\\.)*"\s*$', src[:k])
        return bool(m)
    return k >= 1 and src[k] == '(' and re.search(r'(?:^|[^A-Za-z0-9_])(?:N_|_|P_)$', src[max(0, k - 3):k]) is not None
allow_files, allow_strings = set(), set()
for entry in open(sys.argv[2], encoding='utf-8'):
    entry = entry.rstrip('\n')
    if not entry or entry.startswith('#'):
        continue
    if ': "' in entry:
        f, s = entry.split(': "', 1)
        allow_strings.add((f, s[:-1]))
    else:
        allow_files.add(entry)
os.chdir(sys.argv[1])
bad = 0
for root, _, files in sorted(os.walk('src')):
    for name in sorted(files):
        path = os.path.join(root, name)
        if not name.endswith(('.c', '.h')) or path in allow_files:
            continue
        src = open(path, encoding='utf-8').read()
        for line, pos, text in literals(src):
            if not WORDS.search(re.sub(r'%[-+ #0-9.*]*[a-zA-Z]+', ' ', text)) or marked(src, pos):
                continue
            if (path, text) in allow_strings:
                continue
            print('%s:%d: "%s"' % (path, line, text))
            bad += 1
sys.exit(1 if bad else 0)
