package dev.flinkrecipes.testing;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority of the test's own and the PKCS12 keystores and truststores it signs: what
 * a TLS listener and a mutual-TLS client need. EC P-256 keys: quick to make.
 */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestCertificates(String name) throws Exception {
        caKeys = keyPair();
        ca =
                sign(
                        new X500Name("CN=" + name),
                        caKeys,
                        new X500Name("CN=" + name),
                        caKeys.getPrivate(),
                        true,
                        null);
    }

    /** A new CA named {@code name}. */
    public static TestCertificates authority(String name) throws Exception {
        return new TestCertificates(name);
    }

    /** A truststore that trusts this CA. */
    public Path truststore(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", ca);
        return save(store, file, password);
    }

    /**
     * A keystore with a new key and its certificate for {@code commonName} signed by this CA, valid
     * for host {@code localhost} and 127.0.0.1 (a broker's; a client's is the same kind).
     */
    public Path keystore(Path file, String commonName, String password) throws Exception {
        KeyPair keys = keyPair();
        X509Certificate cert =
                sign(
                        new X500Name("CN=" + commonName),
                        keys,
                        new X500Name(ca.getSubjectX500Principal().getName()),
                        caKeys.getPrivate(),
                        false,
                        new GeneralNames(
                                new GeneralName[] {
                                    new GeneralName(GeneralName.dNSName, "localhost"),
                                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                                }));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(
                commonName,
                keys.getPrivate(),
                password.toCharArray(),
                new X509Certificate[] {cert, ca});
        return save(store, file, password);
    }

    private static Path save(KeyStore store, Path file, String password) throws Exception {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        return gen.generateKeyPair();
    }

    private static X509Certificate sign(
            X500Name subject,
            KeyPair subjectKeys,
            X500Name issuer,
            PrivateKey issuerKey,
            boolean isCa,
            GeneralNames altNames)
            throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder b =
                new JcaX509v3CertificateBuilder(
                        issuer,
                        BigInteger.valueOf(SERIAL.incrementAndGet()),
                        Date.from(now.minus(Duration.ofHours(1))),
                        Date.from(now.plus(Duration.ofDays(2))),
                        subject,
                        subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        b.addExtension(
                Extension.keyUsage,
                true,
                new KeyUsage(
                        isCa
                                ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                                : KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        if (altNames != null) b.addExtension(Extension.subjectAlternativeName, false, altNames);
        return new JcaX509CertificateConverter()
                .getCertificate(
                        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }
}
