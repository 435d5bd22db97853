# Test certificates, made by tests/integration/tls/make-test-cert.sh (the openssl CLI), and
# what a TLS client sees of a server's certificate.
import os
import socket
import ssl
import subprocess

_SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__)))), "tls", "make-test-cert.sh")


def make_cert(name, directory, key_type="ecdsa"):
    """A self-signed certificate for DNS name `name`: (cert path, key path)."""
    result = subprocess.run(["bash", _SCRIPT, name, directory, key_type], capture_output=True,
                            timeout=60)
    if result.returncode != 0:
        raise RuntimeError(f"make-test-cert.sh failed: {result.stderr.decode(errors='replace')}")
    cert, key = result.stdout.decode().split()
    return cert, key


def der_of(cert_path):
    with open(cert_path) as f:
        return ssl.PEM_cert_to_DER_cert(f.read())


def client_context(alpn=("http/1.1",)):
    """A client context that accepts any certificate: tests compare the certificate itself."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    if alpn:
        context.set_alpn_protocols(list(alpn))
    return context


def connect(port, server_name, alpn=("http/1.1",), timeout=10):
    """A TLS connection to 127.0.0.1:`port` sending SNI `server_name` (None for no SNI)."""
    raw = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    return client_context(alpn).wrap_socket(raw, server_hostname=server_name)


def served_der(port, server_name):
    """The DER certificate the server presents for SNI `server_name`."""
    with connect(port, server_name) as tls:
        return tls.getpeercert(binary_form=True)
