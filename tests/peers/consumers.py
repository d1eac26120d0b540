"""The real consumers of `tokencache az` and `token --format exec-credential`,
for tests/consumers.rs. Prints one JSON document on stdout.

  consumers.py azure-identity SCOPE [TENANT]
      azure-identity's AzureCliCredential().get_token(SCOPE), which runs the
      first `az` on PATH: {"token", "expires_on"} or {"error", "message"}.
  consumers.py kube TOKENCACHE [KUBECTL]
      A loopback HTTPS Kubernetes API server (its own CA, made here) that
      records the Authorization header; the Python `kubernetes` client, and
      kubectl when KUBECTL is given, call it through an exec plugin running
      `TOKENCACHE token --format exec-credential` with kubeconfigs of
      apiVersion client.authentication.k8s.io/v1 and v1beta1:
      {"python": {version: header}, "kubectl": {version: header}}.
  consumers.py managed-identity CREDENTIAL SCOPE [CLIENT_ID]
      azure-identity's ManagedIdentityCredential(client_id=CLIENT_ID) or
      (CREDENTIAL "default") DefaultAzureCredential(), which with
      AZURE_TOKEN_CREDENTIALS=ManagedIdentityCredential tries nothing else,
      .get_token(SCOPE) against $IDENTITY_ENDPOINT (`tokencache serve`):
      {"token", "expires_on"} or {"error", "message"}.
  consumers.py kube-server FOLDER
      The same API server alone, for benches/bench.py: writes FOLDER/ca.pem,
      prints its URL on stdout, and serves until killed.
"""

import datetime
import json
import os
import ssl
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def azure_identity(scope, tenant=None):
    from azure.identity import AzureCliCredential

    try:
        token = AzureCliCredential(tenant_id=tenant).get_token(scope)
        return {"token": token.token, "expires_on": token.expires_on}
    except Exception as e:  # the class name is what the test checks
        return {"error": type(e).__name__, "message": str(e)}


def managed_identity(credential, scope, client_id=None):
    from azure.identity import DefaultAzureCredential, ManagedIdentityCredential

    try:
        if credential == "default":
            cred = DefaultAzureCredential()
        else:
            cred = ManagedIdentityCredential(client_id=client_id)
        token = cred.get_token(scope)
        return {"token": token.token, "expires_on": token.expires_on}
    except Exception as e:  # the class name is what the test checks
        return {"error": type(e).__name__, "message": str(e)}


def make_tls(folder):
    """A CA and a certificate for 127.0.0.1 signed by it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "tokencache test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    paths = {name: os.path.join(folder, name) for name in ("ca.pem", "cert.pem", "key.pem")}
    with open(paths["ca.pem"], "wb") as f:
        f.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(paths["cert.pem"], "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(paths["key.pem"], "wb") as f:
        f.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    return paths


def api_server(folder, seen):
    """The fake API server on a loopback port, with its own CA in `folder`;
    each request's Authorization header is appended to `seen`."""

    class Api(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.headers.get("Authorization"))
            body = json.dumps(
                {"kind": "NamespaceList", "apiVersion": "v1", "metadata": {}, "items": []}
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    tls = make_tls(folder)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Api)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tls["cert.pem"], tls["key.pem"])
    server.socket = context.wrap_socket(server.socket, server_side=True)
    return server, tls, "https://127.0.0.1:%d" % server.server_address[1]


def kube(tokencache, kubectl=None):
    seen = []
    folder = tempfile.mkdtemp(prefix="tokencache-kube-")
    server, tls, url = api_server(folder, seen)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def kubeconfig(version):
        exec_config = {
            "apiVersion": "client.authentication.k8s.io/" + version,
            "command": tokencache,
            "args": [
                "token",
                "--format",
                "exec-credential",
                "--scope",
                "6dae42f8-4368-4678-94ff-3960e28e3630/.default",
            ],
            "interactiveMode": "Never",
            "provideClusterInfo": False,
        }
        doc = {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [
                {"name": "fake", "cluster": {"server": url, "certificate-authority": tls["ca.pem"]}}
            ],
            "users": [{"name": "u", "user": {"exec": exec_config}}],
            "contexts": [{"name": "c", "context": {"cluster": "fake", "user": "u"}}],
            "current-context": "c",
        }
        path = os.path.join(folder, "kubeconfig-" + version)
        with open(path, "w") as f:
            json.dump(doc, f)
        return path

    from kubernetes import client, config

    result = {"python": {}, "kubectl": {}}
    for version in ("v1", "v1beta1"):
        path = kubeconfig(version)
        before = len(seen)
        api = config.new_client_from_config(config_file=path)
        client.CoreV1Api(api).list_namespace()
        result["python"][version] = seen[before] if len(seen) > before else None
        if kubectl:
            before = len(seen)
            run = subprocess.run(
                [kubectl, "--kubeconfig", path, "get", "--raw", "/api/v1/namespaces"],
                capture_output=True,
                text=True,
            )
            result["kubectl"][version] = (
                seen[before] if len(seen) > before else {"exit": run.returncode, "stderr": run.stderr}
            )
    server.shutdown()
    return result


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "azure-identity":
        out = azure_identity(*sys.argv[2:])
    elif what == "managed-identity":
        out = managed_identity(*sys.argv[2:])
    elif what == "kube":
        out = kube(*sys.argv[2:])
    elif what == "kube-server":
        server, _, url = api_server(sys.argv[2], [])
        print(url, flush=True)
        server.serve_forever()
    else:
        sys.exit("unknown driver " + what)
    print(json.dumps(out))
