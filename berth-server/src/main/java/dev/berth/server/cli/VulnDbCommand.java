package dev.berth.server.cli;

import dev.berth.scanner.advisory.AdvisoryBundle;
import dev.berth.scanner.advisory.BundleManifest;
import dev.berth.server.files.OwnerOnly;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth vulndb}: advisories for air-gapped sites. {@code export} packs feed files into one bundle with a
 * manifest of sources, fingerprints and sha256 sums; {@code import} verifies a bundle completely and installs it
 * where {@code berth scan} finds it.
 */
@Command(name = "vulndb", mixinStandardHelpOptions = true, description = "Export and import advisory bundles.",
    subcommands = {VulnDbCommand.Export.class, VulnDbCommand.Import.class})
final class VulnDbCommand {

  /** Where the imported bundle lives in a data directory. */
  static Path importedBundle(Path dataDir) {
    return dataDir.resolve("vulndb").resolve("advisories.bundle");
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Pack feed files (OSV JSON/zip, Debian tracker JSON, Alpine secdb JSON) into a bundle.")
  static final class Export implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Option(names = "--out", required = true, paramLabel = "FILE") Path out;
    @Parameters(paramLabel = "FEED", arity = "1..*") List<Path> feeds;

    @Override
    public Integer call() throws Exception {
      BundleManifest manifest = AdvisoryBundle.export(feeds, out);
      print(spec.commandLine().getOut(), "exported " + out, manifest);
      return 0;
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Verify a bundle (manifest, every sha256 and size, every payload read to the counts the "
          + "manifest states) and install it for 'berth scan'.")
  static final class Import implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOptions options;
    @Parameters(paramLabel = "FILE") Path bundle;

    @Override
    public Integer call() throws Exception {
      BundleManifest manifest = AdvisoryBundle.verify(bundle);
      Path target = importedBundle(options.load(Map.of()).dataDir());
      OwnerOnly.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), "import-", ".tmp");
      try {
        Files.copy(bundle, tmp, StandardCopyOption.REPLACE_EXISTING);
        // what was copied is what was verified, and every payload reads to the counts the manifest states: a
        // bundle that verify() accepts but whose advisories cannot be loaded would break every later scan
        AdvisoryBundle.read(tmp, advisory -> {});
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
      print(spec.commandLine().getOut(), "imported " + bundle + " into " + target, manifest);
      return 0;
    }
  }

  private static void print(PrintWriter out, String headline, BundleManifest manifest) {
    out.println(headline + " (created " + manifest.created() + ")");
    out.printf("%-14s %-40s %10s %10s  %s%n", "KIND", "SOURCE", "RECORDS", "ADVISORIES", "FINGERPRINT");
    for (BundleManifest.Source s : manifest.sources()) {
      out.printf("%-14s %-40s %10d %10d  %s%n", s.kind(), s.fileName(), s.records(), s.advisories(),
          s.fingerprint());
    }
  }
}
