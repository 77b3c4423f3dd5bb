package dev.berth.server.registry;

import dev.berth.oci.RepositoryName;

/**
 * A parsed {@code /v2/} path. Repository names contain slashes, so routes are recognised from the right: the
 * fixed suffix ({@code /manifests/<ref>}, {@code /blobs/uploads/<id>}, …) is found last, and what precedes it must
 * be a valid name.
 *
 * @param kind which endpoint
 * @param name the repository name, raw (validated by the caller so that an invalid one gives NAME_INVALID)
 * @param argument the reference, digest or upload id; empty when the endpoint has none
 */
record V2Path(Kind kind, String name, String argument) {
  enum Kind {
    BASE,
    CATALOG,
    TAGS,
    MANIFEST,
    BLOB,
    UPLOADS,
    UPLOAD,
    REFERRERS,
    UNKNOWN
  }

  private static final String PREFIX = "/v2/";

  static V2Path parse(String path) {
    if (path.equals("/v2") || path.equals(PREFIX)) {
      return new V2Path(Kind.BASE, "", "");
    }
    String rest = path.substring(PREFIX.length());
    if (rest.equals("_catalog")) {
      return new V2Path(Kind.CATALOG, "", "");
    }
    if (rest.endsWith("/tags/list")) {
      return new V2Path(Kind.TAGS, rest.substring(0, rest.length() - "/tags/list".length()), "");
    }
    if (rest.endsWith("/blobs/uploads/") || rest.endsWith("/blobs/uploads")) {
      int cut = rest.lastIndexOf("/blobs/uploads");
      return new V2Path(Kind.UPLOADS, rest.substring(0, cut), "");
    }
    V2Path p = suffixed(rest, "/manifests/", Kind.MANIFEST);
    if (p == null) {
      p = suffixed(rest, "/blobs/uploads/", Kind.UPLOAD);
    }
    if (p == null) {
      p = suffixed(rest, "/referrers/", Kind.REFERRERS);
    }
    if (p == null) {
      p = suffixed(rest, "/blobs/", Kind.BLOB);
    }
    return p == null ? new V2Path(Kind.UNKNOWN, "", "") : p;
  }

  private static V2Path suffixed(String rest, String marker, Kind kind) {
    int at = rest.lastIndexOf(marker);
    if (at <= 0) {
      return null;
    }
    String argument = rest.substring(at + marker.length());
    if (argument.isEmpty() || argument.indexOf('/') >= 0) {
      return null;
    }
    return new V2Path(kind, rest.substring(0, at), argument);
  }

  RepositoryName repository() {
    return RepositoryName.parse(name);
  }
}
