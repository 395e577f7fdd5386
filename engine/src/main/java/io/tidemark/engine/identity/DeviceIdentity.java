package io.tidemark.engine.identity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * This device's long-lived TLS identity: an EC P-256 key pair and a self-signed certificate whose
 * SHA-256 is the {@link DeviceId}.
 *
 * <p>{@link #loadOrCreate(Path)} creates {@value #KEY_FILE} (PKCS#8 PEM) and {@value #CERT_FILE}
 * (PEM) in the home directory on first run and loads them afterwards. Design choices:
 * <ul>
 *   <li>Only the JDK's providers are used for key generation, signing and parsing. BouncyCastle is
 *       used as a library for the X.509 builder and is never registered as a JCA provider, so it
 *       cannot change which implementation the rest of the process (TLS, SQLite, etc.) gets.</li>
 *   <li>The key file is created owner-only ({@code rw-------}) atomically, through a file attribute
 *       at creation, so there is no moment where another user could open it. If an existing key
 *       file is found with wider permissions (for example after a copy or a restore from backup)
 *       they are tightened back to {@code rw-------} and loading continues; refusing to start, as
 *       ssh does, would not make an already exposed key any safer.</li>
 *   <li>Both files are written to a temporary file, flushed to disk and atomically renamed, so a
 *       crash never leaves a half-written key. The key is written before the certificate: if the
 *       process dies in between, the next run finds a key without a certificate and issues a new
 *       certificate for it (nothing had seen the old device id yet).</li>
 *   <li>Existing files are never overwritten. A corrupt or mismatched key or certificate, or a
 *       certificate whose key is missing, is refused with an {@link IllegalStateException} naming
 *       the file: silently replacing it would give the device a new id and break every pairing,
 *       so a human must decide.</li>
 * </ul>
 *
 * <p>Instances are immutable. {@link #toString()} never prints the private key.
 */
public final class DeviceIdentity {

    /** File name of the PKCS#8 PEM private key inside the home directory. */
    public static final String KEY_FILE = "device.key";
    /** File name of the PEM certificate inside the home directory. */
    public static final String CERT_FILE = "device.crt";
    /** Alias under which {@link #keyManager()} offers the key. */
    public static final String KEY_ALIAS = "device";

    static final Duration VALIDITY = Duration.ofDays(20 * 365 + 5);
    private static final Duration BACKDATE = Duration.ofDays(1);
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final Set<PosixFilePermission> OWNER_ONLY =
            PosixFilePermissions.fromString("rw-------");
    private static final String KEY_PEM = "PRIVATE KEY";
    private static final String CERT_PEM = "CERTIFICATE";

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final DeviceId deviceId;

    private DeviceIdentity(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.deviceId = DeviceId.of(certificate);
    }

    /**
     * Loads this device's identity from {@code homeDir}, creating it (and the directory) on first
     * run.
     *
     * @throws IllegalStateException if an existing key or certificate is unreadable, corrupt or
     *     does not belong to the other; the message names the file and nothing is modified
     * @throws IOException if the files cannot be read or written
     */
    public static DeviceIdentity loadOrCreate(Path homeDir) throws IOException {
        Objects.requireNonNull(homeDir, "homeDir");
        Files.createDirectories(homeDir);
        Path keyFile = homeDir.resolve(KEY_FILE);
        Path certFile = homeDir.resolve(CERT_FILE);
        boolean haveKey = Files.exists(keyFile);
        boolean haveCert = Files.exists(certFile);

        if (!haveKey && haveCert) {
            throw new IllegalStateException("found " + certFile + " but its private key " + keyFile
                    + " is missing; restore the key from a backup, or delete " + certFile
                    + " to give this device a new identity (it will have to be paired again)");
        }
        SecureRandom random = new SecureRandom();
        PrivateKey privateKey;
        X509Certificate certificate;
        if (!haveKey) {
            KeyPair keyPair = generateKeyPair(random);
            privateKey = keyPair.getPrivate();
            writeAtomically(keyFile, pem(KEY_PEM, privateKey.getEncoded()), true);
            certificate = selfSign(keyPair, random);
            writeAtomically(certFile, pem(CERT_PEM, encoded(certificate)), false);
            return new DeviceIdentity(certificate, privateKey);
        }

        tightenPermissions(keyFile);
        privateKey = readPrivateKey(keyFile);
        if (!haveCert) {
            // The previous run died between writing the key and the certificate.
            KeyPair keyPair = new KeyPair(publicKeyOf(privateKey, keyFile), privateKey);
            certificate = selfSign(keyPair, random);
            writeAtomically(certFile, pem(CERT_PEM, encoded(certificate)), false);
            return new DeviceIdentity(certificate, privateKey);
        }
        certificate = readCertificate(certFile);
        if (!keyMatches(privateKey, certificate, random)) {
            throw new IllegalStateException("the private key in " + keyFile
                    + " does not belong to the certificate in " + certFile
                    + "; one of the files was replaced. Restore the matching pair from a backup");
        }
        return new DeviceIdentity(certificate, privateKey);
    }

    /** This device's id, the SHA-256 of {@link #certificate()}. */
    public DeviceId deviceId() {
        return deviceId;
    }

    /** The self-signed certificate presented in TLS handshakes. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The private key matching {@link #certificate()}. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** Offers this device's key and certificate to TLS (see {@link DeviceKeyManager} for why not a key store). */
    public javax.net.ssl.X509ExtendedKeyManager keyManager() {
        return new DeviceKeyManager(KEY_ALIAS, privateKey, certificate);
    }

    @Override
    public String toString() {
        return "DeviceIdentity[" + deviceId + "]";
    }

    private static KeyPair generateKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot generate EC P-256 keys", e);
        }
    }

    private static X509Certificate selfSign(KeyPair keyPair, SecureRandom random) {
        try {
            X500Name subject = new X500Name("CN=tidemark");
            Instant now = Instant.now();
            BigInteger serial = new BigInteger(127, random).setBit(126);
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), subject, keyPair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            // No setProvider: the JDK's SunEC signs, BouncyCastle is never registered.
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(keyPair.getPrivate());
            X509CertificateHolder holder = builder.build(signer);
            return parseCertificate(holder.getEncoded());
        } catch (IOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the device certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey readPrivateKey(Path keyFile) throws IOException {
        byte[] der = readPem(keyFile, KEY_PEM);
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException(keyFile + " is not a valid EC private key (PKCS#8); it may be corrupt", e);
        }
    }

    private static X509Certificate readCertificate(Path certFile) throws IOException {
        byte[] der = readPem(certFile, CERT_PEM);
        X509Certificate certificate;
        try {
            certificate = parseCertificate(der);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException(certFile + " is not a valid X.509 certificate; it may be corrupt", e);
        }
        try {
            certificate.verify(certificate.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(certFile + " is not a correctly self-signed certificate; it may be corrupt", e);
        }
        return certificate;
    }

    private static X509Certificate parseCertificate(byte[] der) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    /** Proves possession: a fresh challenge signed with the key must verify with the certificate. */
    private static boolean keyMatches(PrivateKey privateKey, X509Certificate certificate, SecureRandom random) {
        byte[] challenge = new byte[32];
        random.nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM);
            signer.initSign(privateKey, random);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Recomputes the public point Q = d·G of a P-256 private key (PKCS#8 files need not carry it)
     * with BouncyCastle's lightweight EC arithmetic, which needs no provider registration.
     */
    private static PublicKey publicKeyOf(PrivateKey privateKey, Path keyFile) {
        try {
            ECPrivateKey ecKey = (ECPrivateKey) privateKey;
            X9ECParameters curve = ECNamedCurveTable.getByName("secp256r1");
            org.bouncycastle.math.ec.ECPoint q = curve.getG().multiply(ecKey.getS()).normalize();
            ECPoint point = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, ecKey.getParams()));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException(keyFile + " does not hold a P-256 private key", e);
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode the device certificate", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] readPem(Path file, String type) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int start = text.indexOf(begin);
        int stop = start < 0 ? -1 : text.indexOf(end, start + begin.length());
        if (start < 0 || stop < 0) {
            throw new IllegalStateException(file + " is not a PEM " + type.toLowerCase(Locale.ROOT)
                    + " file (missing " + (start < 0 ? begin : end) + "); it may be corrupt");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(start + begin.length(), stop));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " contains invalid base64; it may be corrupt", e);
        }
    }

    private static boolean isPosix(Path dir) {
        return Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
    }

    private static void tightenPermissions(Path keyFile) throws IOException {
        if (isPosix(keyFile) && !Files.getPosixFilePermissions(keyFile).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(keyFile, OWNER_ONLY);
        }
    }

    /**
     * Writes to a temporary sibling (owner-only from the moment it exists when {@code secret} and
     * the file system is POSIX), forces it to disk and renames it into place atomically.
     */
    private static void writeAtomically(Path target, String content, boolean secret) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        boolean posix = isPosix(dir);
        FileAttribute<?>[] attributes = secret && posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", attributes);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (!secret && posix) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString(), null,
                        "another process created it concurrently; not overwriting");
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(dir);
    }

    /** Makes the rename durable where the platform allows opening a directory (POSIX). */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open directories; NTFS journals the rename itself.
        }
    }
}
