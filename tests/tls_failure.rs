//! A TLS failure names its cause, for a user behind an institutional proxy or facing a
//! misconfigured mirror: a local rustls server on 127.0.0.1 presents a self-signed
//! certificate, then an expired one (test-only keys in tests/fixtures/tls), and the client's
//! message says which, without retrying what retrying cannot cure.
use std::sync::Arc;

use mastui::mast::client::MastClient;
use mastui::mast::retry::RetryPolicy;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_util::sync::CancellationToken;

const KEY: &[u8] = include_bytes!("fixtures/tls/test-only-key.pem");

/// A TLS server on 127.0.0.1 presenting `cert_pem`; returns its https base URL.
async fn tls_server(cert_pem: &'static [u8]) -> String {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert_pem)
        .collect::<Result<_, _>>()
        .expect("certificate");
    let key = PrivateKeyDer::from_pem_slice(KEY).expect("key");
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("versions")
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .expect("server config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        while let Ok((sock, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            // The client refuses the certificate: the handshake fails on both sides.
            tokio::spawn(async move {
                let _ = acceptor.accept(sock).await;
            });
        }
    });
    format!("https://127.0.0.1:{port}")
}

async fn first_request_error(base: &str) -> String {
    let c = MastClient::new(base)
        .expect("client")
        .with_policy(RetryPolicy::fast())
        .with_server_source("--server");
    c.columns_config(&CancellationToken::new())
        .await
        .expect_err("the certificate is refused")
        .to_string()
}

#[tokio::test]
async fn an_untrusted_certificate_is_named_and_not_retried() {
    let base = tls_server(include_bytes!("fixtures/tls/selfsigned.pem")).await;
    let e = first_request_error(&base).await;
    assert!(e.contains(&format!("{base} (from --server)")), "{e}");
    assert!(
        e.contains("not signed by an authority mastui trusts"),
        "{e}"
    );
    assert!(e.contains("institutional proxy"), "{e}");
    assert!(!e.contains("gave up"), "{e}");
}

#[tokio::test]
async fn an_expired_certificate_is_named() {
    let base = tls_server(include_bytes!("fixtures/tls/expired.pem")).await;
    let e = first_request_error(&base).await;
    assert!(e.contains("TLS certificate has expired"), "{e}");
    assert!(!e.contains("gave up"), "{e}");
}
