package io.tidemark.engine.transport;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.identity.DeviceIdentity;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS 1.3 with mutual authentication by self-signed device certificates. There is no CA: a device
 * is who its certificate's SHA-256 says. A dialling device pins the certificate it expects; an
 * accepting device takes any well-formed certificate at the TLS layer and decides right after the
 * handshake, by fingerprint, whether it is a member, a forgotten device, or a device that may only
 * try to pair.
 */
public final class Tls {
    public static final String PROTOCOL = "TLSv1.3";

    private Tls() {
    }

    /** Context for accepting connections. */
    public static SSLContext server(DeviceIdentity identity) {
        return context(identity, new AnyDeviceCertificate());
    }

    /** Context for dialling {@code expected}: the handshake fails unless the server presents exactly that certificate. */
    public static SSLContext client(DeviceIdentity identity, DeviceId expected) {
        return context(identity, new PinnedCertificate(expected));
    }

    public static void restrict(SSLSocket socket) {
        socket.setEnabledProtocols(new String[] {PROTOCOL});
    }

    /** The device at the other end of an established TLS session. */
    public static DeviceId peerOf(SSLSocket socket) throws javax.net.ssl.SSLPeerUnverifiedException {
        return DeviceId.of((X509Certificate) socket.getSession().getPeerCertificates()[0]);
    }

    private static SSLContext context(DeviceIdentity identity, X509TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(new KeyManager[] {identity.keyManager()}, new TrustManager[] {trust}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not set up TLS with this device's key: " + e.getMessage(), e);
        }
    }

    /** One self-signed certificate, currently valid: membership is decided after the handshake. */
    private static class AnyDeviceCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length != 1) {
                throw new CertificateException("expected exactly one self-signed device certificate");
            }
            chain[0].checkValidity();
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Exactly the certificate whose SHA-256 is {@code expected}. */
    private static final class PinnedCertificate extends AnyDeviceCertificate {
        private final DeviceId expected;

        PinnedCertificate(DeviceId expected) {
            this.expected = expected;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
            DeviceId actual = DeviceId.of(chain[0]);
            if (!actual.equals(expected)) {
                throw new CertificateException("the device at this address is " + actual.shortForm() + ", not the expected "
                        + expected.shortForm());
            }
        }
    }
}
