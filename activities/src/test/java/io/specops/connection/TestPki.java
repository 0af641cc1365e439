package io.specops.connection;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made for a test, as an operator's PKI would: a CA, a server certificate for
 * 127.0.0.1 and localhost, client certificates (valid, from another CA, expired), written as PEM
 * files with PKCS#8 keys. BouncyCastle is on the classpath already (fabric8's mock server uses it).
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** A certificate and its key, and the files they are written to. */
  public record Issued(X509Certificate certificate, PrivateKey key, Path certFile, Path keyFile) {
    public String certPem() throws IOException {
      return Files.readString(certFile);
    }

    public String keyPem() throws IOException {
      return Files.readString(keyFile);
    }
  }

  private final Path dir;

  public TestPki(Path dir) {
    this.dir = dir;
  }

  public Issued ca(String name) throws Exception {
    KeyPair pair = keyPair();
    X500Name subject = new X500Name("CN=" + name);
    Instant now = Instant.now();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            BigInteger.valueOf(SERIAL.incrementAndGet()),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(2))),
            subject,
            pair.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    return write(name, sign(builder, pair.getPrivate()), pair.getPrivate());
  }

  /** A server certificate for 127.0.0.1 and localhost. */
  public Issued server(Issued ca, String name) throws Exception {
    return issue(ca, name, true, Instant.now().plus(Duration.ofDays(1)));
  }

  public Issued client(Issued ca, String name) throws Exception {
    return issue(ca, name, false, Instant.now().plus(Duration.ofDays(1)));
  }

  public Issued expiredClient(Issued ca, String name) throws Exception {
    return issue(ca, name, false, Instant.now().minus(Duration.ofMinutes(30)));
  }

  private Issued issue(Issued ca, String name, boolean server, Instant notAfter) throws Exception {
    KeyPair pair = keyPair();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            ca.certificate(),
            BigInteger.valueOf(SERIAL.incrementAndGet()),
            Date.from(Instant.now().minus(Duration.ofHours(1))),
            Date.from(notAfter),
            new X500Name("CN=" + name),
            pair.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(
        Extension.keyUsage,
        true,
        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
    builder.addExtension(
        Extension.extendedKeyUsage,
        false,
        new ExtendedKeyUsage(
            server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
    if (server) {
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(
                    GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress())
              }));
    }
    return write(name, sign(builder, ca.key()), pair.getPrivate());
  }

  private static KeyPair keyPair() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return generator.generateKeyPair();
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
  }

  private Issued write(String name, X509Certificate cert, PrivateKey key) throws IOException {
    Files.createDirectories(dir);
    Path certFile = dir.resolve(name + ".pem");
    Path keyFile = dir.resolve(name + "-key.pem");
    Files.writeString(certFile, pem(cert));
    Files.writeString(keyFile, pem(new JcaPKCS8Generator(key, null)));
    return new Issued(cert, key, certFile, keyFile);
  }

  private static String pem(Object o) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(o);
    }
    return out.toString();
  }
}
