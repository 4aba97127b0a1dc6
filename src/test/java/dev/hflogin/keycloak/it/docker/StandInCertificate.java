package dev.hflogin.keycloak.it.docker;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The Hugging Face stand-in's TLS key and self-signed certificate, made for this test run by the
 * JDK's keytool: valid for one IP address (subject alternative name) for two days, and trusted only
 * where a test says so: by Keycloak in its container (Keycloak's truststore-paths option), by this
 * JVM's default SSL context and by the test browsers. Nothing else on the machine trusts it.
 */
public final class StandInCertificate {

    private static final String ALIAS = "hf-standin";
    private static volatile StandInCertificate trustedInThisJvm;

    private final InetAddress address;
    private final Path pkcs12;
    private final Path pem;
    private final char[] password;
    private final KeyStore keyStore;

    private StandInCertificate(InetAddress address, Path pkcs12, Path pem, char[] password, KeyStore keyStore) {
        this.address = address;
        this.pkcs12 = pkcs12;
        this.pem = pem;
        this.password = password;
        this.keyStore = keyStore;
    }

    /**
     * This test run's certificate for {@code address}, made under {@code dir} on first use (the
     * container suite and the compose test share it), and trusted from then on by this JVM.
     */
    public static synchronized StandInCertificate ofThisRun(InetAddress address, Path dir) {
        StandInCertificate current = trustedInThisJvm;
        if (current == null) {
            current = create(address, dir);
            current.trustInThisJvm();
        } else if (!current.address.equals(address)) {
            throw new IllegalStateException("this run's stand-in certificate is for " + current.address + ", not " + address);
        }
        return current;
    }

    private static StandInCertificate create(InetAddress address, Path dir) {
        try {
            Files.createDirectories(dir);
            Path pkcs12 = dir.resolve(ALIAS + ".p12");
            Path pem = dir.resolve(ALIAS + ".pem");
            Files.deleteIfExists(pkcs12);
            Files.deleteIfExists(pem);
            char[] password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16)).toCharArray();
            String pass = new String(password);
            Path log = dir.resolve("keytool.log");
            keytool(log, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=Hugging Face stand-in (test run)", "-ext", "san=ip:" + address.getHostAddress(),
                    "-validity", "2", "-keystore", pkcs12.toString(), "-storetype", "PKCS12", "-storepass", pass);
            keytool(log, "-exportcert", "-rfc", "-alias", ALIAS, "-keystore", pkcs12.toString(),
                    "-storepass", pass, "-file", pem.toString());
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(pkcs12)) {
                keyStore.load(in, password);
            }
            return new StandInCertificate(address, pkcs12, pem, password, keyStore);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void keytool(Path log, String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        BoundedCommand.of(Duration.ofMinutes(1), command).run(log).orThrow();
    }

    /** The certificate alone (PEM), for Keycloak's truststore. */
    public Path pem() {
        return pem;
    }

    /** For the stand-in's https server: its key and certificate. */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client context that trusts this certificate and nothing else. */
    public SSLContext trustingContext() {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry(ALIAS, certificate());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Base64 of the SHA-256 of the public key (SubjectPublicKeyInfo): how Chromium names a key to trust. */
    public String publicKeySha256() {
        try {
            byte[] spki = certificate().getPublicKey().getEncoded();
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Certificate certificate() throws GeneralSecurityException {
        return keyStore.getCertificate(ALIAS);
    }

    /**
     * From now on this JVM's default SSL context (Java's HttpClient, and the test browser, see
     * Browser) trusts this certificate only: the tests reach no other https server.
     */
    private void trustInThisJvm() {
        SSLContext.setDefault(trustingContext());
        trustedInThisJvm = this;
    }

    /** This run's certificate, if one was made: Chromium is told to accept its key. */
    public static Optional<StandInCertificate> trustedInThisJvm() {
        return Optional.ofNullable(trustedInThisJvm);
    }

    @Override
    public String toString() {
        return "StandInCertificate[" + pkcs12 + "]";
    }
}
