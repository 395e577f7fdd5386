package io.tidemark.engine.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.Arrays;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceIdentityTest {

    @TempDir
    Path home;

    private static boolean posix(Path dir) {
        return Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
    }

    @AfterAll
    static void bouncyCastleWasNeverRegisteredAsAProvider() {
        assertThat(Security.getProvider("BC")).isNull();
        assertThat(Arrays.stream(Security.getProviders()).map(p -> p.getClass().getName()))
                .noneMatch(name -> name.startsWith("org.bouncycastle"));
    }

    @Test
    void firstRunCreatesKeyAndCertificateWithOwnerOnlyKey() throws Exception {
        DeviceIdentity identity = DeviceIdentity.loadOrCreate(home);

        Path key = home.resolve(DeviceIdentity.KEY_FILE);
        Path cert = home.resolve(DeviceIdentity.CERT_FILE);
        assertThat(key).exists();
        assertThat(cert).exists();
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");
        assertThat(Files.readString(cert)).startsWith("-----BEGIN CERTIFICATE-----\n");
        if (posix(home)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        }
        try (var files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temporary files are left behind")
                    .containsExactlyInAnyOrder(DeviceIdentity.KEY_FILE, DeviceIdentity.CERT_FILE);
        }

        X509Certificate certificate = identity.certificate();
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=tidemark");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        assertThat(certificate.getVersion()).isEqualTo(3);
        assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(certificate.getSigAlgName()).isEqualToIgnoringCase("SHA256withECDSA");
        assertThat(certificate.getNotAfter().toInstant())
                .isAfter(certificate.getNotBefore().toInstant().plus(java.time.Duration.ofDays(365 * 19)));
        certificate.verify(certificate.getPublicKey());
        certificate.checkValidity();
        assertThat(identity.deviceId()).isEqualTo(DeviceId.of(certificate));
        assertThat(identity.toString()).contains(identity.deviceId().toString());
    }

    @Test
    void secondRunLoadsTheSameIdentity() throws Exception {
        DeviceIdentity first = DeviceIdentity.loadOrCreate(home);
        byte[] keyBytes = Files.readAllBytes(home.resolve(DeviceIdentity.KEY_FILE));
        DeviceIdentity second = DeviceIdentity.loadOrCreate(home);
        assertThat(second.deviceId()).isEqualTo(first.deviceId());
        assertThat(second.privateKey().getEncoded()).isEqualTo(first.privateKey().getEncoded());
        assertThat(Files.readAllBytes(home.resolve(DeviceIdentity.KEY_FILE))).isEqualTo(keyBytes);
    }

    @Test
    void twoDevicesGetDifferentIds() throws Exception {
        DeviceIdentity a = DeviceIdentity.loadOrCreate(home.resolve("a"));
        DeviceIdentity b = DeviceIdentity.loadOrCreate(home.resolve("b"));
        assertThat(a.deviceId()).isNotEqualTo(b.deviceId());
    }

    @Test
    void corruptKeyFileIsRefusedNamingItAndLeftUntouched() throws Exception {
        DeviceIdentity.loadOrCreate(home);
        Path key = home.resolve(DeviceIdentity.KEY_FILE);
        String pem = Files.readString(key);
        // Flip characters inside the base64 body.
        int middle = pem.indexOf('\n') + 20;
        char c = pem.charAt(middle);
        byte[] corrupt = (pem.substring(0, middle) + (c == 'A' ? 'B' : 'A') + (c == 'A' ? 'B' : 'A')
                + pem.substring(middle + 2)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Files.write(key, corrupt);

        assertThatThrownBy(() -> DeviceIdentity.loadOrCreate(home))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(key.toString());
        assertThat(Files.readAllBytes(key)).isEqualTo(corrupt);
    }

    @Test
    void garbageKeyAndCertificateFilesAreRefusedNamingThem() throws Exception {
        DeviceIdentity.loadOrCreate(home);
        Path key = home.resolve(DeviceIdentity.KEY_FILE);
        Path cert = home.resolve(DeviceIdentity.CERT_FILE);
        byte[] goodKey = Files.readAllBytes(key);
        byte[] garbage = "not a key at all\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        Files.write(key, garbage);
        assertThatThrownBy(() -> DeviceIdentity.loadOrCreate(home))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(key.toString());
        assertThat(Files.readAllBytes(key)).isEqualTo(garbage);

        Files.write(key, goodKey);
        Files.write(cert, garbage);
        assertThatThrownBy(() -> DeviceIdentity.loadOrCreate(home))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(cert.toString());
        assertThat(Files.readAllBytes(cert)).isEqualTo(garbage);
    }

    @Test
    void keyThatDoesNotMatchTheCertificateIsRefused() throws Exception {
        DeviceIdentity.loadOrCreate(home.resolve("a"));
        DeviceIdentity.loadOrCreate(home.resolve("b"));
        Path keyA = home.resolve("a").resolve(DeviceIdentity.KEY_FILE);
        byte[] keyB = Files.readAllBytes(home.resolve("b").resolve(DeviceIdentity.KEY_FILE));
        Files.write(keyA, keyB);

        assertThatThrownBy(() -> DeviceIdentity.loadOrCreate(home.resolve("a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(keyA.toString())
                .hasMessageContaining("does not belong");
        assertThat(Files.readAllBytes(keyA)).isEqualTo(keyB);
    }

    @Test
    void certificateWithoutItsKeyIsRefused() throws Exception {
        DeviceIdentity.loadOrCreate(home);
        Path key = home.resolve(DeviceIdentity.KEY_FILE);
        Path cert = home.resolve(DeviceIdentity.CERT_FILE);
        byte[] certBytes = Files.readAllBytes(cert);
        Files.delete(key);

        assertThatThrownBy(() -> DeviceIdentity.loadOrCreate(home))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(key.toString())
                .hasMessageContaining("missing");
        assertThat(key).doesNotExist();
        assertThat(Files.readAllBytes(cert)).isEqualTo(certBytes);
    }

    @Test
    void keyWithoutCertificateGetsANewCertificateForTheSameKey() throws Exception {
        DeviceIdentity first = DeviceIdentity.loadOrCreate(home);
        byte[] keyBytes = Files.readAllBytes(home.resolve(DeviceIdentity.KEY_FILE));
        Files.delete(home.resolve(DeviceIdentity.CERT_FILE));

        DeviceIdentity recovered = DeviceIdentity.loadOrCreate(home);
        assertThat(recovered.privateKey().getEncoded()).isEqualTo(first.privateKey().getEncoded());
        assertThat(recovered.certificate().getPublicKey()).isEqualTo(first.certificate().getPublicKey());
        assertThat(Files.readAllBytes(home.resolve(DeviceIdentity.KEY_FILE))).isEqualTo(keyBytes);
        assertThat(DeviceIdentity.loadOrCreate(home).deviceId()).isEqualTo(recovered.deviceId());
    }

    @Test
    void widerKeyPermissionsAreTightenedOnLoad() throws Exception {
        assumeThat(posix(home)).isTrue();
        DeviceIdentity first = DeviceIdentity.loadOrCreate(home);
        Path key = home.resolve(DeviceIdentity.KEY_FILE);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(DeviceIdentity.loadOrCreate(home).deviceId()).isEqualTo(first.deviceId());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    @Test
    void keyManagerOffersTheKeyAndCertificateAndBuildsAnSslContext() throws Exception {
        DeviceIdentity identity = DeviceIdentity.loadOrCreate(home);
        javax.net.ssl.X509ExtendedKeyManager keys = identity.keyManager();

        String alias = keys.chooseClientAlias(new String[] {"EC"}, null, null);
        assertThat(alias).isEqualTo(DeviceIdentity.KEY_ALIAS);
        assertThat(keys.chooseServerAlias("EC", null, null)).isEqualTo(alias);
        assertThat(keys.chooseServerAlias("RSA", null, null)).as("no RSA key to offer").isNull();
        assertThat(keys.getPrivateKey(alias).getEncoded()).isEqualTo(identity.privateKey().getEncoded());
        assertThat(keys.getCertificateChain(alias)).containsExactly(identity.certificate());
        assertThat(keys.getPrivateKey("other")).isNull();

        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(new javax.net.ssl.KeyManager[] {keys}, null, null);
        assertThat(context.getProtocol()).isEqualTo("TLSv1.3");
        assertThat(Security.getProvider("BC")).isNull();
    }

    @Test
    void toStringDoesNotRevealTheKey() throws Exception {
        DeviceIdentity identity = DeviceIdentity.loadOrCreate(home);
        String text = identity.toString();
        assertThat(text).doesNotContain(java.util.Base64.getEncoder().encodeToString(identity.privateKey().getEncoded()));
        assertThat(text).isEqualTo("DeviceIdentity[" + identity.deviceId() + "]");
    }
}
