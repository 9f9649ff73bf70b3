"""Signs in to the EWS simulator with other NTLM implementations than ours, and prints JSON.

Usage: ntlm_clients.py exchangelib URL USER PASSWORD
       ntlm_clients.py requests URL USER PASSWORD [CA_FILE]

`exchangelib` reads the inbox with auth_type=NTLM (requests_ntlm / ntlm_auth underneath);
`requests` posts one GetFolder with requests_ntlm, which over HTTPS sends the channel binding of
the server certificate (Extended Protection).
"""

import hashlib
import json
import struct
import sys


def _md4(data: bytes) -> bytes:
    """RFC 1320 MD4: OpenSSL 3 builds of Python drop it, and NTLM needs it for the NT hash."""
    def f(x, y, z): return (x & y) | (~x & z)
    def g(x, y, z): return (x & y) | (x & z) | (y & z)
    def h(x, y, z): return x ^ y ^ z
    def rotl(v, n): return ((v << n) | (v >> (32 - n))) & 0xFFFFFFFF
    message = data + b"\x80" + b"\x00" * ((55 - len(data)) % 64) + struct.pack("<Q", len(data) * 8)
    state = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476]
    for offset in range(0, len(message), 64):
        x = struct.unpack("<16I", message[offset:offset + 64])
        a, b, c, d = state
        for i in range(16):
            k = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15][i]
            a, b, c, d = d, rotl((a + f(b, c, d) + x[k]) & 0xFFFFFFFF, [3, 7, 11, 19][i % 4]), b, c
        for i in range(16):
            k = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15][i]
            a, b, c, d = d, rotl((a + g(b, c, d) + x[k] + 0x5A827999) & 0xFFFFFFFF, [3, 5, 9, 13][i % 4]), b, c
        for i in range(16):
            k = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15][i]
            a, b, c, d = d, rotl((a + h(b, c, d) + x[k] + 0x6ED9EBA1) & 0xFFFFFFFF, [3, 9, 11, 15][i % 4]), b, c
        state = [(s + v) & 0xFFFFFFFF for s, v in zip(state, (a, b, c, d))]
    return struct.pack("<4I", *state)


class _Md4:
    def __init__(self, data=b""):
        self._data = bytes(data)

    def update(self, data):
        self._data += bytes(data)

    def digest(self):
        return _md4(self._data)


assert _md4(b"abc").hex() == "a448017aaf21d8525fc10ae87aa6729d"  # RFC 1320 test suite
_new = hashlib.new
hashlib.new = lambda name, data=b"", **kw: _Md4(data) if name.lower() == "md4" else _new(name, data, **kw)

GET_FOLDER = """<?xml version="1.0" encoding="utf-8"?>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"
  xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"
  xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
  <s:Header><t:RequestServerVersion Version="Exchange2016"/></s:Header>
  <s:Body><m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape>
  <m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder></s:Body>
</s:Envelope>"""


def with_exchangelib(url, user, password):
    from exchangelib import DELEGATE, NTLM, Account, Configuration, Credentials
    from exchangelib.protocol import BaseProtocol, FaultTolerance

    BaseProtocol.SESSION_POOLSIZE = 1
    config = Configuration(
        service_endpoint=url,
        credentials=Credentials(user, password),
        auth_type=NTLM,
        retry_policy=FaultTolerance(max_wait=5),
    )
    account = Account("alex@contoso.test", config=config, autodiscover=False, access_type=DELEGATE)
    subjects = [m.subject for m in account.inbox.all().order_by("-datetime_received")[:3]]
    return {"subjects": subjects}


def with_requests(url, user, password, ca_file=None):
    import requests
    from requests_ntlm import HttpNtlmAuth

    session = requests.Session()
    response = session.post(
        url,
        data=GET_FOLDER.encode(),
        headers={"Content-Type": "text/xml; charset=utf-8"},
        auth=HttpNtlmAuth(user, password),
        verify=ca_file or True,
    )
    return {"status": response.status_code, "ok": "NoError" in response.text}


def main():
    mode, url, user, password = sys.argv[1:5]
    extra = sys.argv[5:]
    if mode == "exchangelib":
        out = with_exchangelib(url, user, password)
    else:
        out = with_requests(url, user, password, *extra)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
