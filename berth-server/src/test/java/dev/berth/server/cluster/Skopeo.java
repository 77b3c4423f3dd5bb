package dev.berth.server.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** skopeo between OCI layout directories and a node over plain HTTP. */
final class Skopeo {
  private Skopeo() {}

  /** {@code skopeo copy oci:DIR:TAG docker://HOST/REPO:TAG}. */
  static void push(Path layout, String tag, String hostPort, String repoAndTag) throws Exception {
    run("copy", "--quiet", "--dest-tls-verify=false", "oci:" + layout + ":" + tag,
        "docker://" + hostPort + "/" + repoAndTag);
  }

  /** {@code skopeo copy docker://HOST/REPO:TAG oci:DIR:TAG}. */
  static void pull(String hostPort, String repoAndTag, Path layout, String tag) throws Exception {
    run("copy", "--quiet", "--src-tls-verify=false", "docker://" + hostPort + "/" + repoAndTag,
        "oci:" + layout + ":" + tag);
  }

  private static void run(String... args) throws IOException, InterruptedException {
    Path skopeo = Path.of("/usr/bin/skopeo");
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "skopeo"))) {
        skopeo = Path.of(dir, "skopeo");
        break;
      }
    }
    if (!Files.isExecutable(skopeo)) {
      throw new AssertionError("skopeo is not installed: run .ci/run or apt-get install skopeo");
    }
    List<String> command = new ArrayList<>(List.of(skopeo.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("berth-skopeo-", ".txt");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError(String.join(" ", command) + " did not finish in 5 minutes");
      }
      if (p.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " exited with " + p.exitValue() + ":\n"
            + Files.readString(out, StandardCharsets.UTF_8));
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
