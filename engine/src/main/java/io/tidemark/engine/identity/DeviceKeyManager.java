package io.tidemark.engine.identity;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Offers this device's one key and self-signed certificate to TLS, on both sides of a connection.
 *
 * <p>Why not a PKCS#12 key store and {@code KeyManagerFactory}: storing the key in one encrypts it
 * with PBKDF2 (10,000 rounds) and the factory decrypts it again, for every TLS context. The client
 * side needs a context per dial (it pins the expected peer), so each connection paid about 20,000
 * HMAC rounds plus their compilation before the handshake even started; this costs nothing.
 */
final class DeviceKeyManager extends X509ExtendedKeyManager {
    private final String alias;
    private final PrivateKey key;
    private final X509Certificate[] chain;

    DeviceKeyManager(String alias, PrivateKey key, X509Certificate certificate) {
        this.alias = alias;
        this.key = key;
        this.chain = new X509Certificate[] {certificate};
    }

    private String ifOurs(String[] keyTypes) {
        if (keyTypes == null) {
            return alias;
        }
        for (String type : keyTypes) {
            if (type != null && type.startsWith(key.getAlgorithm())) {
                return alias;
            }
        }
        return null;
    }

    private String ifOurs(String keyType) {
        return keyType == null ? alias : ifOurs(new String[] {keyType});
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        String a = ifOurs(keyType);
        return a == null ? null : new String[] {a};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return ifOurs(keyType);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return ifOurs(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return ifOurs(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return ifOurs(keyType);
    }

    @Override
    public X509Certificate[] getCertificateChain(String requested) {
        return alias.equals(requested) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String requested) {
        return alias.equals(requested) ? key : null;
    }
}
