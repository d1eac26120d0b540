#!/usr/bin/env python3
"""Regenerate the bad-input corpus and its manifest EXPECTED.

Each file is fed to `tokencache write` on stdin by tests/torture.rs, against a
stored cache that must stay byte-identical whenever the exit code is not 0.
EXPECTED lines: `file exit-code [write options...]`. Run from anywhere:
    python3 tests/corpus/generate.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OK, INVALID = 0, 4

REALISTIC = json.dumps({
    "AccessToken": {
        "uid.utid-login.microsoftonline.com-accesstoken-client-tenant-scope": {
            "credential_type": "AccessToken", "secret": "eyJ0eXAiOiJKV1QifQ.e30.sig",
            "home_account_id": "uid.utid", "environment": "login.microsoftonline.com",
            "client_id": "client", "target": "scope", "realm": "tenant",
            "cached_at": "1700000000", "expires_on": "1700003600", "extended_expires_on": "1700007200"}},
    "RefreshToken": {
        "uid.utid-login.microsoftonline.com-refreshtoken-client--": {
            "credential_type": "RefreshToken", "secret": "rt-secret", "home_account_id": "uid.utid",
            "environment": "login.microsoftonline.com", "client_id": "client"}},
    "IdToken": {
        "uid.utid-login.microsoftonline.com-idtoken-client-tenant-": {
            "credential_type": "IdToken", "secret": "eyJhbGciOiJub25lIn0.e30.", "home_account_id": "uid.utid",
            "environment": "login.microsoftonline.com", "realm": "tenant", "client_id": "client"}},
    "Account": {
        "uid.utid-login.microsoftonline.com-tenant": {
            "username": "user@example.com", "home_account_id": "uid.utid",
            "environment": "login.microsoftonline.com", "realm": "tenant", "authority_type": "MSSTS"}},
    "AppMetadata": {
        "appmetadata-login.microsoftonline.com-client": {
            "client_id": "client", "environment": "login.microsoftonline.com"}},
}, indent=1).encode()

cases = []  # (name, bytes, code, options)


def add(name, data, code, *options):
    if isinstance(data, str):
        data = data.encode()
    cases.append((name, data, code, options))


# Nothing, or nothing but whitespace / a byte order mark.
add("empty.json", b"", INVALID)
add("whitespace.json", b" \t\r\n  \n", INVALID)
add("bom.json", b"\xef\xbb\xbf" + REALISTIC, INVALID)
add("bom-only.json", b"\xef\xbb\xbf", INVALID)
add("utf16le-bom.json", b"\xff\xfe" + "{}".encode("utf-16-le"), INVALID)
# NUL bytes.
add("nul-only.bin", b"\x00" * 16, INVALID)
add("nul-in-string.json", b'{"a":"x\x00y"}', INVALID)
add("nul-after-document.json", b"{}\x00", INVALID)
# Not UTF-8.
add("invalid-utf8.json", b'{"a":"\xff"}', INVALID)
add("overlong-utf8.json", b'{"a":"\xc0\xaf"}', INVALID)
add("utf8-encoded-surrogate.json", b'{"a":"\xed\xa0\x80"}', INVALID)
add("utf8-cut-mid-character.json", b'{"a":"\xc3', INVALID)
add("latin1-key.json", b'{"caf\xe9":1}', INVALID)
# Lone UTF-16 surrogate escapes.
add("lone-high-surrogate.json", r'{"a":"\ud800"}', INVALID)
add("lone-low-surrogate.json", r'{"a":"\udc00"}', INVALID)
add("reversed-surrogates.json", r'{"a":"\udc00\ud800"}', INVALID)
add("high-surrogate-then-letter.json", r'{"a":"\ud83dA"}', INVALID)
add("valid-surrogate-pair.json", r'{"a":"\ud83d\ude00"}', OK)
# Depth: the limit is 127 levels of objects and arrays (serde_json's limit).
add("deep-arrays-100k.json", '{"a":' + "[" * 100000 + "]" * 100000 + "}", INVALID)
add("deep-arrays-100k-unclosed.json", "[" * 100000, INVALID)
add("deep-objects-200.json", '{"a":' * 200 + "1" + "}" * 200, INVALID)
add("depth-127-accepted.json", '{"a":' + "[" * 126 + "]" * 126 + "}", OK)
add("depth-128-refused.json", '{"a":' + "[" * 127 + "]" * 127 + "}", INVALID)
add("depth-128-empty-objects-refused.json", '{"a":' * 127 + "{}" + "}" * 127, INVALID)
# Numbers: valid JSON, but refused where CPython's json cannot load them back
# (MSAL Python, msal-extensions, the Azure CLI): beyond a double (1e999999999
# would come back as Infinity) or an integer of more than 4300 digits
# (ValueError). Underflow (-1E-999999999 is -0.0) and the limits are fine.
add("huge-exponent.json", '{"a":1e999999999,"b":-1E-999999999}', INVALID)
add("long-integer.json", '{"a":' + "9" * 10000 + "}", INVALID)
add("tiny-exponent.json", '{"b":-1E-999999999}', OK)
add("integer-4300-digits.json", '{"a":' + "9" * 4300 + "}", OK)
add("integer-4301-digits.json", '{"a":-' + "9" * 4301 + "}", INVALID)
add("largest-double.json", '{"a":1.7976931348623157e308}', OK)
# Malformed numbers and literals.
add("leading-zero.json", '{"a":01}', INVALID)
add("nan.json", '{"a":NaN}', INVALID)
add("infinity.json", '{"a":Infinity}', INVALID)
add("plus-sign.json", '{"a":+1}', INVALID)
add("bare-decimal-point.json", '{"a":1.}', INVALID)
# Duplicate keys.
add("duplicate-key-top.json", '{"AccessToken":{},"AccessToken":{}}', INVALID)
add("duplicate-key-nested.json", '{"AccessToken":{"k":{"secret":"a","secret":"b"}}}', INVALID)
add("duplicate-key-escaped.json", r'{"Account":{},"\u0041ccount":{}}', INVALID)
# Trailing data.
add("trailing-garbage.json", REALISTIC + b"garbage", INVALID)
add("trailing-second-object.json", b"{}{}", INVALID)
add("trailing-comma.json", '{"a":1,}', INVALID)
add("trailing-whitespace-accepted.json", REALISTIC + b"\n\n  ", OK)
# Not an object at the top.
add("top-array.json", "[]", INVALID)
add("top-array-of-cache.json", b"[" + REALISTIC + b"]", INVALID)
add("top-string.json", '"{}"', INVALID)
add("top-number.json", "42", INVALID)
add("top-null.json", "null", INVALID)
add("top-true.json", "true", INVALID)
# Other syntax errors.
add("single-quotes.json", "{'a':'b'}", INVALID)
add("comment.json", '{/* c */"a":1}', INVALID)
add("unquoted-key.json", "{a:1}", INVALID)
add("raw-newline-in-string.json", '{"a":"x\ny"}', INVALID)
add("invalid-escape.json", r'{"a":"\x41"}', INVALID)
add("short-unicode-escape.json", r'{"a":"\u12"}', INVALID)
# Truncated at every section boundary of a realistic cache, and at its end.
text = REALISTIC.decode()
for section in ["AccessToken", "RefreshToken", "IdToken", "Account", "AppMetadata"]:
    key = '"%s"' % section
    start = text.index(key)
    add("truncated-before-%s.json" % section, text[:start], INVALID)
    opening = text.index("{", start) + 1
    add("truncated-inside-%s.json" % section, text[:opening], INVALID)
    closing = text.index("\n }", opening) + 3
    add("truncated-after-%s.json" % section, text[:closing], INVALID)
add("truncated-last-byte.json", REALISTIC[:-1], INVALID)
add("truncated-mid-secret.json", text[:text.index("rt-secret") + 3], INVALID)
# Size.
add("oversize-4k-with-1k-limit.json", json.dumps({"AccessToken": {"k%d" % i: {"secret": "x" * 40} for i in range(80)}}).encode(), INVALID, "--max-size", "1KiB")
# Valid inputs, so the harness shows it tells good from bad.
add("valid-minimal.json", "{}", OK)
add("valid-realistic.json", REALISTIC, OK)
add("valid-crlf.json", REALISTIC.replace(b"\n", b"\r\n"), OK)

for name in os.listdir(HERE):
    if name not in ("EXPECTED", "README.md", "generate.py"):
        os.remove(os.path.join(HERE, name))
with open(os.path.join(HERE, "EXPECTED"), "w") as manifest:
    manifest.write("# file exit-code [write options...]  (generated by generate.py)\n")
    for name, data, code, options in cases:
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
        manifest.write(" ".join([name, str(code), *options]) + "\n")
print("%d inputs" % len(cases))
