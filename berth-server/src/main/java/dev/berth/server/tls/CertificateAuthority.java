package dev.berth.server.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
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
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes a private certificate authority and a server certificate it signs, for registries that have no
 * certificate from a public CA: {@code ca.crt}/{@code ca.key} and {@code ssl.cert}/{@code ssl.key}, Quay's file
 * names. Keys are written readable by their owner only.
 */
public final class CertificateAuthority {
  private static final Duration CA_LIFETIME = Duration.ofDays(3650);
  private static final Duration SERVER_LIFETIME = Duration.ofDays(825);

  private final SecureRandom random;

  public CertificateAuthority(SecureRandom random) {
    this.random = random;
  }

  /** The files written. */
  public record Written(Path caCertificate, Path caKey, Path certificate, Path key) {}

  /**
   * Writes a new CA and a server certificate for {@code hostname} (and {@code ips}) into {@code dir}.
   *
   * @throws IOException if a file exists already or cannot be written
   */
  public Written write(Path dir, String hostname, List<String> ips) throws IOException {
    Files.createDirectories(dir);
    Written out = new Written(dir.resolve("ca.crt"), dir.resolve("ca.key"), dir.resolve("ssl.cert"),
        dir.resolve("ssl.key"));
    for (Path p : List.of(out.caCertificate(), out.caKey(), out.certificate(), out.key())) {
      if (Files.exists(p)) {
        throw new IOException(p + " exists; remove it or choose another directory");
      }
    }
    try {
      KeyPair caKeys = rsa();
      X509Certificate ca = caCertificate(caKeys, hostname);
      KeyPair serverKeys = rsa();
      X509Certificate server = serverCertificate(serverKeys, hostname, ips, ca, caKeys);
      writePem(out.caCertificate(), false, ca);
      writePem(out.caKey(), true, caKeys.getPrivate());
      writePem(out.certificate(), false, server, ca);
      writePem(out.key(), true, serverKeys.getPrivate());
      return out;
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("certificate generation failed: " + e.getMessage(), e);
    }
  }

  private KeyPair rsa() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048, random);
    return generator.generateKeyPair();
  }

  private X509Certificate caCertificate(KeyPair keys, String hostname)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    X500Name name = new X500Name("CN=Berth CA for " + escape(hostname) + ",O=Berth");
    Instant now = Instant.now();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(CA_LIFETIME)), name, keys.getPublic());
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
    return sign(builder, keys);
  }

  private X509Certificate serverCertificate(KeyPair keys, String hostname, List<String> ips, X509Certificate ca,
      KeyPair caKeys) throws GeneralSecurityException, OperatorCreationException, IOException {
    Instant now = Instant.now();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(SERVER_LIFETIME)),
        new X500Name("CN=" + escape(hostname)), keys.getPublic());
    List<GeneralName> names = new ArrayList<>();
    names.add(new GeneralName(GeneralName.dNSName, hostname));
    for (String ip : ips) {
      InetAddress.getByName(ip); // rejects anything that is not an address literal or resolvable
      names.add(new GeneralName(GeneralName.iPAddress, ip));
    }
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true,
        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
    builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
    return sign(builder, caKeys);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
  }

  private BigInteger serial() {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private static String escape(String s) {
    return s.replaceAll("[,+\"\\\\<>;=]", "_");
  }

  private static void writePem(Path file, boolean secret, Object... objects) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      for (Object o : objects) {
        pem.writeObject(o);
      }
    }
    Files.writeString(file, "", StandardOpenOption.CREATE_NEW);
    if (secret) {
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not POSIX: rely on the directory
      }
    }
    Files.writeString(file, text.toString(), StandardOpenOption.TRUNCATE_EXISTING);
  }
}
