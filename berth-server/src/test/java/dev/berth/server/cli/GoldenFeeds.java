package dev.berth.server.cli;

/**
 * One small advisory file in each feed format Berth reads, hand-written in the shape of the real feeds for the
 * packages of the golden Debian 12 image ({@link ScanGoldenTest}). Ids, packages and versions are modelled on
 * real advisories; texts are shortened. What each entry is for:
 *
 * <ul>
 *   <li>Debian tracker, keyed by source package: bash (unfixed, {@code unimportant} → Low), curl (one fixed
 *       below the installed version, one above: {@code medium} → High, for both curl and libcurl4), glibc
 *       ({@code "0"}: not affected; fixed above the installed version, {@code high} → Critical), openssl
 *       (unfixed with an NVD-derived {@code medium**} → High; fixed, {@code low} → Medium), tar (unfixed; the
 *       image deletes tar, so it must not appear), zlib (unfixed, {@code not yet assigned} → Unknown).
 *   <li>OSV {@code Debian:12}: a DSA for the glibc source package, without severity (Unknown).
 *   <li>OSV Maven, PyPI, npm: log4j-core (CVSS 10.0 → Critical, three ranges), PyYAML (named as PyPI writes
 *       it, installed as {@code pyyaml}), minimist (CVSS 5.6 → Medium, two ranges), lodash (installed in
 *       layer 2, deleted in layer 3: must not appear).
 *   <li>Alpine secdb v3.18 for openssl, curl and zlib with fixes above every installed version: it must not
 *       match a Debian image.
 * </ul>
 */
final class GoldenFeeds {
  private GoldenFeeds() {}

  static final String DEBIAN_TRACKER = """
      {
        "bash": {
          "CVE-2022-3715": {
            "description": "A flaw was found in the bash package, where a heap-buffer overflow can occur in valid parameter_transform.",
            "scope": "local",
            "releases": {
              "bookworm": {
                "status": "open", "repositories": {"bookworm": "5.2.15-2"}, "urgency": "unimportant"
              },
              "sid": {
                "status": "resolved", "repositories": {"sid": "5.2.21-2"}, "fixed_version": "5.2.15-1",
                "urgency": "unimportant"
              }
            }
          }
        },
        "curl": {
          "CVE-2023-38545": {
            "description": "This flaw makes curl overflow a heap based buffer in the SOCKS5 proxy handshake.",
            "scope": "remote",
            "releases": {
              "bookworm": {
                "status": "resolved", "repositories": {"bookworm": "7.88.1-10+deb12u5"},
                "fixed_version": "7.88.1-10+deb12u4", "urgency": "high"
              },
              "bullseye": {
                "status": "resolved", "repositories": {"bullseye": "7.74.0-1.3+deb11u11"},
                "fixed_version": "7.74.0-1.3+deb11u10", "urgency": "high"
              }
            }
          },
          "CVE-2024-2398": {
            "description": "When an application tells libcurl it wants to allow HTTP/2 server push, and the amount of received headers for the push surpasses the maximum allowed limit (1000), libcurl aborts the server push and leaks memory.",
            "scope": "remote",
            "debianbug": 1068305,
            "releases": {
              "bookworm": {
                "status": "resolved", "repositories": {"bookworm": "7.88.1-10+deb12u5"},
                "fixed_version": "7.88.1-10+deb12u6", "urgency": "medium"
              },
              "bullseye": {
                "status": "resolved", "repositories": {"bullseye": "7.74.0-1.3+deb11u11"},
                "fixed_version": "7.74.0-1.3+deb11u12", "urgency": "medium"
              }
            }
          }
        },
        "glibc": {
          "CVE-2023-25139": {
            "description": "sprintf in the GNU C Library (glibc) 2.37 has a buffer overflow (out-of-bounds write) in some situations with a correct buffer size.",
            "scope": "local",
            "releases": {
              "bookworm": {
                "status": "resolved", "repositories": {"bookworm": "2.36-9+deb12u3"}, "fixed_version": "0",
                "urgency": "not yet assigned"
              }
            }
          },
          "CVE-2023-6246": {
            "description": "A heap-based buffer overflow was found in the __vsyslog_internal function of the glibc library.",
            "scope": "local",
            "releases": {
              "bookworm": {
                "status": "resolved", "repositories": {"bookworm": "2.36-9+deb12u3"},
                "fixed_version": "2.36-9+deb12u4", "urgency": "high"
              }
            }
          }
        },
        "openssl": {
          "CVE-2023-5678": {
            "description": "Generating excessively long X9.42 DH keys or checking excessively long X9.42 DH keys or parameters may be very slow.",
            "scope": "remote",
            "releases": {
              "bookworm": {
                "status": "open", "repositories": {"bookworm": "3.0.11-1~deb12u2"}, "urgency": "medium**"
              }
            }
          },
          "CVE-2024-0727": {
            "description": "Processing a maliciously formatted PKCS12 file may lead OpenSSL to crash leading to a potential Denial of Service attack.",
            "scope": "remote",
            "releases": {
              "bookworm": {
                "status": "resolved", "repositories": {"bookworm": "3.0.11-1~deb12u2"},
                "fixed_version": "3.0.13-1~deb12u1", "urgency": "low"
              }
            }
          }
        },
        "tar": {
          "CVE-2005-2541": {
            "description": "Tar 1.15.1 does not properly warn the user when extracting setuid or setgid files.",
            "scope": "local",
            "releases": {
              "bookworm": {
                "status": "open", "repositories": {"bookworm": "1.34+dfsg-1.2+deb12u1"},
                "urgency": "unimportant"
              }
            }
          }
        },
        "zlib": {
          "CVE-2023-45853": {
            "description": "MiniZip in zlib through 1.3 has an integer overflow and resultant heap-based buffer overflow in zipOpenNewFileInZip4_64.",
            "scope": "local",
            "releases": {
              "bookworm": {
                "status": "open", "repositories": {"bookworm": "1:1.2.13.dfsg-1"},
                "urgency": "not yet assigned"
              }
            }
          }
        }
      }
      """;

  static final String OSV_DEBIAN_DSA = """
      {
        "id": "DSA-5611-1",
        "summary": "glibc - security update",
        "details": "The Qualys Research Labs discovered several vulnerabilities in the GNU C Library's __vsyslog_internal() function.",
        "modified": "2024-01-31T19:47:09Z",
        "published": "2024-01-31T00:00:00Z",
        "related": ["CVE-2023-6246", "CVE-2023-6779", "CVE-2023-6780"],
        "affected": [{
          "package": {"ecosystem": "Debian:12", "name": "glibc", "purl": "pkg:deb/debian/glibc?arch=source"},
          "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.36-9+deb12u4"}]}]
        }],
        "references": [{"type": "ADVISORY", "url": "https://www.debian.org/security/2024/dsa-5611"}],
        "schema_version": "1.6.0"
      }
      """;

  static final String OSV_MAVEN_LOG4J = """
      {
        "schema_version": "1.4.0",
        "id": "GHSA-jfh8-c2jp-5v3q",
        "modified": "2024-02-12T21:12:32Z",
        "published": "2021-12-10T00:40:56Z",
        "aliases": ["CVE-2021-44228"],
        "summary": "Remote code injection in Log4j",
        "details": "Logging untrusted data with Log4j versions before 2.15.0 can result in remote code execution through JNDI lookups.",
        "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"}],
        "affected": [
          {"package": {"ecosystem": "Maven", "name": "org.apache.logging.log4j:log4j-core"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.13.0"}, {"fixed": "2.15.0"}]}]},
          {"package": {"ecosystem": "Maven", "name": "org.apache.logging.log4j:log4j-core"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.4"}, {"fixed": "2.12.2"}]}]},
          {"package": {"ecosystem": "Maven", "name": "org.apache.logging.log4j:log4j-core"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.0-beta9"}, {"fixed": "2.3.1"}]}]}
        ],
        "references": [
          {"type": "ADVISORY", "url": "https://nvd.nist.gov/vuln/detail/CVE-2021-44228"},
          {"type": "WEB", "url": "https://logging.apache.org/log4j/2.x/security.html"}
        ],
        "database_specific": {"cwe_ids": ["CWE-20", "CWE-400", "CWE-502", "CWE-917"], "severity": "CRITICAL",
                              "github_reviewed": true}
      }
      """;

  static final String OSV_PYPI_PYYAML = """
      {
        "schema_version": "1.4.0",
        "id": "GHSA-8q59-q68h-6hv4",
        "modified": "2023-11-08T03:59:02Z",
        "published": "2021-03-29T16:35:57Z",
        "aliases": ["CVE-2020-14343", "PYSEC-2021-142"],
        "summary": "Improper Input Validation in PyYAML",
        "details": "PyYAML before 5.4 runs arbitrary code when it processes untrusted YAML files through full_load or the FullLoader.",
        "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
        "affected": [{
          "package": {"ecosystem": "PyPI", "name": "PyYAML"},
          "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "5.4"}]}]
        }],
        "references": [{"type": "ADVISORY", "url": "https://nvd.nist.gov/vuln/detail/CVE-2020-14343"}],
        "database_specific": {"severity": "CRITICAL", "github_reviewed": true}
      }
      """;

  static final String OSV_NPM_MINIMIST = """
      {
        "schema_version": "1.4.0",
        "id": "GHSA-vh95-rmgr-6w4m",
        "modified": "2023-09-11T16:40:52Z",
        "published": "2020-04-03T21:48:32Z",
        "aliases": ["CVE-2020-7598"],
        "summary": "Prototype Pollution in minimist",
        "details": "Affected versions of minimist are vulnerable to prototype pollution: arguments are not properly sanitized.",
        "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:L"}],
        "affected": [
          {"package": {"ecosystem": "npm", "name": "minimist"},
           "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "0.2.1"}]}]},
          {"package": {"ecosystem": "npm", "name": "minimist"},
           "ranges": [{"type": "SEMVER", "events": [{"introduced": "1.0.0"}, {"fixed": "1.2.3"}]}]}
        ],
        "references": [{"type": "ADVISORY", "url": "https://nvd.nist.gov/vuln/detail/CVE-2020-7598"}],
        "database_specific": {"severity": "MODERATE", "github_reviewed": true}
      }
      """;

  static final String OSV_NPM_LODASH = """
      {
        "schema_version": "1.4.0",
        "id": "GHSA-35jh-r3h4-6jhm",
        "modified": "2024-02-28T23:13:53Z",
        "published": "2021-05-06T16:05:51Z",
        "aliases": ["CVE-2021-23337"],
        "summary": "Command Injection in lodash",
        "details": "lodash versions prior to 4.17.21 are vulnerable to Command Injection via the template function.",
        "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H"}],
        "affected": [{
          "package": {"ecosystem": "npm", "name": "lodash"},
          "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "4.17.21"}]}]
        }],
        "references": [{"type": "ADVISORY", "url": "https://nvd.nist.gov/vuln/detail/CVE-2021-23337"}],
        "database_specific": {"severity": "HIGH", "github_reviewed": true}
      }
      """;

  static final String ALPINE_SECDB = """
      {
        "apkurl": "{{urlprefix}}/{{distroversion}}/{{reponame}}/{{arch}}/{{pkg.name}}-{{pkg.ver}}.apk",
        "archs": ["aarch64", "armhf", "armv7", "ppc64le", "s390x", "x86", "x86_64"],
        "reponame": "main",
        "urlprefix": "https://dl-cdn.alpinelinux.org/alpine",
        "distroversion": "v3.18",
        "packages": [
          {"pkg": {"name": "openssl", "secfixes": {"3.1.4-r1": ["CVE-2023-5678"], "3.1.4-r5": ["CVE-2024-0727"]}}},
          {"pkg": {"name": "curl", "secfixes": {"8.7.1-r0": ["CVE-2024-2398"]}}},
          {"pkg": {"name": "zlib", "secfixes": {"1.2.12-r2": ["CVE-2022-37434"]}}}
        ]
      }
      """;
}
