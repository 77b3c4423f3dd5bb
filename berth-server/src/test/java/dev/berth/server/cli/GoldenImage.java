package dev.berth.server.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The Debian 12 image of the golden report, packed with umoci in three layers:
 *
 * <ol>
 *   <li>{@code etc/os-release} of Debian 12 and a dpkg status of nine packages, several built from one source
 *       package (libc6 and libc-bin from glibc, curl and libcurl4 from curl, libssl3 from openssl, zlib1g from
 *       zlib, a binNMU of bash);
 *   <li>the status rewritten without {@code tar} (a package removed), and language packages: a log4j-core jar
 *       with its {@code pom.properties}, PyYAML's {@code dist-info/METADATA}, and the npm packages minimist and
 *       lodash;
 *   <li>lodash's {@code package.json} deleted, which umoci writes as a {@code .wh.package.json} entry.
 * </ol>
 */
final class GoldenImage {
  static final String STATUS = "var/lib/dpkg/status";
  static final String JAR = "opt/app/lib/log4j-core-2.14.1.jar";
  static final String PYYAML = "usr/local/lib/python3.11/dist-packages/PyYAML-5.3.1.dist-info/METADATA";
  static final String MINIMIST = "usr/lib/node_modules/minimist/package.json";
  static final String LODASH = "usr/lib/node_modules/lodash/package.json";

  private GoldenImage() {}

  /** Packs the image as {@code LAYOUT:latest}. */
  static UmociImage pack(Path layout, Path work) throws IOException {
    return UmociImage.create(layout, "latest", "amd64", work)
        .layer(rootfs -> {
          write(rootfs, "etc/os-release", TestFeeds.DEBIAN_12_OS_RELEASE);
          write(rootfs, STATUS, status(PACKAGES.keySet().toArray(String[]::new)));
        })
        .layer(rootfs -> {
          write(rootfs, STATUS, status("base-files", "bash", "curl", "libc-bin", "libc6", "libcurl4", "libssl3",
              "zlib1g"));
          Files.createDirectories(rootfs.resolve(JAR).getParent());
          writeJar(rootfs.resolve(JAR));
          write(rootfs, PYYAML, PYYAML_METADATA);
          write(rootfs, MINIMIST, """
              {
                "name": "minimist",
                "version": "1.2.0",
                "description": "parse argument options",
                "main": "index.js",
                "license": "MIT"
              }
              """);
          write(rootfs, LODASH, """
              {
                "name": "lodash",
                "version": "4.17.20",
                "description": "Lodash modular utilities.",
                "main": "lodash.js",
                "license": "MIT"
              }
              """);
          write(rootfs, "usr/lib/node_modules/lodash/lodash.js", "module.exports = {};\n");
        })
        .layer(rootfs -> Files.delete(rootfs.resolve(LODASH)));
  }

  /** The dpkg status paragraphs, by package name, as a Debian 12 image of early 2024 has them. */
  private static final Map<String, String> PACKAGES = paragraphs("""
      Package: base-files
      Essential: yes
      Status: install ok installed
      Priority: required
      Section: admin
      Installed-Size: 341
      Maintainer: Santiago Vila <sanvila@debian.org>
      Architecture: amd64
      Multi-Arch: foreign
      Version: 12.4+deb12u5
      Replaces: base, dpkg (<= 1.15.0), miscutils
      Provides: base
      Pre-Depends: awk
      Conffiles:
       /etc/debian_version 8e5a8b9e3e4f7e2ba7e8b2d0a7c1b0e6
      Description: Debian base system miscellaneous files
       This package contains the basic filesystem hierarchy of a Debian system.

      Package: bash
      Essential: yes
      Status: install ok installed
      Priority: required
      Section: shells
      Installed-Size: 7164
      Maintainer: Matthias Klose <doko@debian.org>
      Architecture: amd64
      Multi-Arch: foreign
      Source: bash (5.2.15-2)
      Version: 5.2.15-2+b2
      Depends: base-files (>= 2.1.12), debianutils (>= 5.6-0.1)
      Pre-Depends: libc6 (>= 2.36), libtinfo6 (>= 6)
      Description: GNU Bourne Again SHell
      Homepage: http://tiswww.case.edu/php/chet/bash/bashtop.html

      Package: curl
      Status: install ok installed
      Priority: optional
      Section: web
      Installed-Size: 500
      Maintainer: Debian Curl Maintainers <team+curl@tracker.debian.org>
      Architecture: amd64
      Version: 7.88.1-10+deb12u5
      Depends: libc6 (>= 2.34), libcurl4 (= 7.88.1-10+deb12u5), zlib1g (>= 1:1.1.4)
      Description: command line tool for transferring data with URL syntax
      Homepage: https://curl.se/

      Package: libc-bin
      Essential: yes
      Status: install ok installed
      Priority: required
      Section: libs
      Installed-Size: 2304
      Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
      Architecture: amd64
      Multi-Arch: foreign
      Source: glibc
      Version: 2.36-9+deb12u3
      Depends: libc6 (>> 2.36), libc6 (<< 2.37)
      Description: GNU C Library: Binaries
      Homepage: https://www.gnu.org/software/libc/libc.html

      Package: libc6
      Status: install ok installed
      Priority: optional
      Section: libs
      Installed-Size: 12986
      Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
      Architecture: amd64
      Multi-Arch: same
      Source: glibc
      Version: 2.36-9+deb12u3
      Depends: libgcc-s1
      Description: GNU C Library: Shared libraries
      Homepage: https://www.gnu.org/software/libc/libc.html

      Package: libcurl4
      Status: install ok installed
      Priority: optional
      Section: libs
      Installed-Size: 1043
      Maintainer: Debian Curl Maintainers <team+curl@tracker.debian.org>
      Architecture: amd64
      Multi-Arch: same
      Source: curl
      Version: 7.88.1-10+deb12u5
      Depends: libc6 (>= 2.34), libssl3 (>= 3.0.0), zlib1g (>= 1:1.1.4)
      Description: easy-to-use client-side URL transfer library (OpenSSL flavour)
      Homepage: https://curl.se/

      Package: libssl3
      Status: install ok installed
      Priority: optional
      Section: libs
      Installed-Size: 6028
      Maintainer: Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>
      Architecture: amd64
      Multi-Arch: same
      Source: openssl
      Version: 3.0.11-1~deb12u2
      Depends: libc6 (>= 2.34)
      Description: Secure Sockets Layer toolkit - shared libraries
      Homepage: https://www.openssl.org/

      Package: tar
      Essential: yes
      Status: install ok installed
      Priority: required
      Section: utils
      Installed-Size: 3152
      Maintainer: Janos Lenart <ocsi@debian.org>
      Architecture: amd64
      Multi-Arch: foreign
      Version: 1.34+dfsg-1.2+deb12u1
      Pre-Depends: libacl1 (>= 2.2.23), libc6 (>= 2.34), libselinux1 (>= 3.1~)
      Description: GNU version of the tar archiving utility
      Homepage: https://www.gnu.org/software/tar/

      Package: zlib1g
      Status: install ok installed
      Priority: optional
      Section: libs
      Installed-Size: 168
      Maintainer: Mark Brown <broonie@debian.org>
      Architecture: amd64
      Multi-Arch: same
      Source: zlib
      Version: 1:1.2.13.dfsg-1
      Depends: libc6 (>= 2.14)
      Description: compression library - runtime
      Homepage: http://zlib.net/
      """);

  private static final String PYYAML_METADATA = """
      Metadata-Version: 2.1
      Name: PyYAML
      Version: 5.3.1
      Summary: YAML parser and emitter for Python
      Home-page: https://github.com/yaml/pyyaml
      Author: Kirill Simonov
      Author-email: xi@resolvent.net
      License: MIT
      Platform: Any
      Requires-Python: >=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*

      YAML is a data serialization format designed for human readability.
      """;

  private static Map<String, String> paragraphs(String status) {
    return Arrays.stream(status.split("\n\n"))
        .collect(Collectors.toMap(p -> p.substring("Package: ".length(), p.indexOf('\n')), p -> p.strip() + "\n",
            (a, b) -> a, LinkedHashMap::new));
  }

  private static String status(String... names) {
    return Arrays.stream(names).map(PACKAGES::get).collect(Collectors.joining("\n"));
  }

  private static void write(Path rootfs, String path, String text) throws IOException {
    Path file = rootfs.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  /**
   * A small log4j-core jar: the manifest, the {@code pom.properties} Maven writes, and one class-file stub. Its
   * entries are stored, with a local timestamp, so that its bytes depend neither on the zlib nor on the time zone.
   */
  private static void writeJar(Path jar) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
      stored(zip, "META-INF/MANIFEST.MF", """
          Manifest-Version: 1.0\r
          Implementation-Title: Apache Log4j Core\r
          Implementation-Version: 2.14.1\r
          Implementation-Vendor-Id: org.apache.logging.log4j\r
          \r
          """.getBytes(StandardCharsets.UTF_8));
      stored(zip, "META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties", """
          #Created by Apache Maven 3.6.3
          version=2.14.1
          groupId=org.apache.logging.log4j
          artifactId=log4j-core
          """.getBytes(StandardCharsets.ISO_8859_1));
      stored(zip, "org/apache/logging/log4j/core/lookup/JndiLookup.class",
          new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0, 0, 52});
    }
  }

  private static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setTimeLocal(LocalDateTime.of(2021, 3, 6, 22, 15, 0));
    e.setMethod(ZipEntry.STORED);
    e.setSize(bytes.length);
    e.setCompressedSize(bytes.length);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    e.setCrc(crc.getValue());
    zip.putNextEntry(e);
    zip.write(bytes);
    zip.closeEntry();
  }
}
