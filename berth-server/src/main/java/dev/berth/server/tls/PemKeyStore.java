package dev.berth.server.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Reads a PEM certificate chain and private key (PKCS#1 or PKCS#8, RSA or EC) into an in-memory key store. */
public final class PemKeyStore {
  /** The alias and password of the one entry. */
  public static final String ALIAS = "berth";
  public static final char[] PASSWORD = "berth".toCharArray();

  private PemKeyStore() {}

  /**
   * Loads {@code certificate} and {@code key}.
   *
   * @throws IOException naming the file that holds no certificate or no key
   */
  public static KeyStore load(Path certificate, Path key) throws IOException {
    List<X509Certificate> chain = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(certificate, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(r)) {
      for (Object o; (o = parser.readObject()) != null; ) {
        if (o instanceof X509CertificateHolder holder) {
          chain.add(new JcaX509CertificateConverter().getCertificate(holder));
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IOException(certificate + " holds an unreadable certificate", e);
    }
    if (chain.isEmpty()) {
      throw new IOException(certificate + " holds no PEM certificate");
    }
    PrivateKey privateKey;
    try (Reader r = Files.newBufferedReader(key, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
      Object o = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair pair) {
        privateKey = converter.getKeyPair(pair).getPrivate();
      } else if (o instanceof PrivateKeyInfo info) {
        privateKey = converter.getPrivateKey(info);
      } else {
        throw new IOException(key + " holds no unencrypted PEM private key");
      }
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(ALIAS, privateKey, PASSWORD, chain.toArray(Certificate[]::new));
      return store;
    } catch (GeneralSecurityException e) {
      throw new IOException("the key in " + key + " does not fit the certificate in " + certificate, e);
    }
  }
}
