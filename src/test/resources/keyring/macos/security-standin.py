#!/usr/bin/env python3
# A stand-in for macOS's /usr/bin/security (tests run on Linux): the subset go-keyring and atmos use
# (`-i` with add-generic-password on stdin, find-generic-password -wa, delete-generic-password,
# dump-keychain), with items kept in a JSON file and every call's argv and stdin recorded, so tests
# can check that no secret is ever passed in argv. The test replaces the two @…@ paths.
import json, shlex, sys

STORE = "@STORE@"
LOG = "@LOG@"

def load():
    try:
        with open(STORE) as f:
            return json.load(f)
    except FileNotFoundError:
        return []

def save(items):
    with open(STORE, "w") as f:
        json.dump(items, f)

def opts(words):
    out, i = {}, 0
    while i < len(words):
        w = words[i]
        if w in ("-s", "-a", "-w", "-l"):
            out[w] = words[i + 1]; i += 2
        elif w == "-wa":
            out["-w?"] = True; out["-a"] = words[i + 1]; i += 2
        else:
            out[w] = True; i += 1
    return out

def find(items, s, a):
    for it in items:
        if it["service"] == s and it["account"] == a:
            return it
    return None

NOT_FOUND = "security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain."

def main():
    argv = sys.argv[1:]
    stdin = sys.stdin.read() if argv[:1] == ["-i"] else ""
    with open(LOG, "a") as f:
        f.write(json.dumps({"argv": argv, "stdin": stdin}) + "\n")
    items = load()
    if argv[:1] == ["-i"]:
        for line in stdin.splitlines():
            words = shlex.split(line)
            if not words:
                continue
            if words[0] != "add-generic-password":
                print("security: unknown command " + words[0]); return 1
            o = opts(words[1:])
            it = find(items, o["-s"], o["-a"])
            if it and not o.get("-U"):
                print("security: SecKeychainItemCreateFromContent: The specified item already exists in the keychain."); return 45
            if it:
                it["password"] = o["-w"]
            else:
                items.append({"service": o["-s"], "account": o["-a"], "password": o["-w"]})
        save(items)
        return 0
    cmd, o = argv[0], opts(argv[1:])
    if cmd == "find-generic-password":
        it = find(items, o["-s"], o["-a"])
        if not it:
            print(NOT_FOUND); return 44
        print(it["password"]); return 0
    if cmd == "delete-generic-password":
        it = find(items, o["-s"], o["-a"])
        if not it:
            print(NOT_FOUND); return 44
        items.remove(it); save(items); return 0
    if cmd == "dump-keychain":
        for it in items:
            print('keychain: "/Users/test/Library/Keychains/login.keychain-db"')
            print('version: 512')
            print('class: "genp"')
            print('attributes:')
            print('    0x00000007 <blob>="%s"' % it["service"])
            print('    "acct"<blob>="%s"' % it["account"])
            print('    "svce"<blob>="%s"' % it["service"])
        return 0
    print("security: unknown command " + cmd); return 1

sys.exit(main())
