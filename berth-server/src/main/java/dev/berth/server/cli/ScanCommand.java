package dev.berth.server.cli;

import dev.berth.scanner.ScannerEngine;
import dev.berth.scanner.advisory.AdvisoryDb;
import dev.berth.scanner.advisory.NormalizedSeverity;
import dev.berth.scanner.index.IndexReport;
import dev.berth.scanner.index.LayerIndexCache;
import dev.berth.scanner.index.OciImage;
import dev.berth.scanner.index.OciLayout;
import dev.berth.scanner.index.Platform;
import dev.berth.scanner.layer.ScanLimits;
import dev.berth.scanner.match.ClairReportJson;
import dev.berth.scanner.match.TableReport;
import dev.berth.scanner.match.VulnerabilityReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth scan}: indexes an image in an OCI layout and matches it against advisories. Exit status 0 when
 * nothing at or above {@code --fail-on} was found, 1 when something was, 2 on errors.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
    description = "Scan an image in an OCI layout for known vulnerabilities.",
    exitCodeListHeading = "Exit status:%n",
    exitCodeList = {"0:nothing at or above --fail-on", "1:a vulnerability at or above --fail-on",
        "2:an error (bad arguments, unreadable image or advisories)"})
final class ScanCommand implements Callable<Integer> {
  static final int FOUND = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin ConfigOptions options;

  @Parameters(paramLabel = "OCI_LAYOUT_DIR[:TAG]", description = "An OCI image layout, optionally with a tag.")
  String image;

  @Option(names = "--advisories", paramLabel = "FILE", split = ",",
      description = "Advisory files: OSV JSON (file, directory or all.zip), Debian tracker JSON, Alpine secdb "
          + "JSON or a Berth bundle. Default: the bundle imported with 'berth vulndb import'.")
  List<Path> advisories = new ArrayList<>();

  @Option(names = "--format", defaultValue = "table", description = "table or json (Clair v4 VulnerabilityReport)")
  String format;

  @Option(names = "--fail-on", paramLabel = "SEVERITY",
      description = "Exit with 1 when a vulnerability of this severity or higher is found: negligible, low, "
          + "medium, high or critical; unknown fails on any vulnerability, rated or not (Alpine's secdb rates "
          + "none).")
  String failOn;

  @Option(names = "--platform", defaultValue = "linux/amd64",
      description = "The platform to pick from an index. A single image of another platform is scanned, with a "
          + "warning when --platform was given.")
  String platform;

  @Override
  public Integer call() throws Exception {
    Optional<NormalizedSeverity> threshold = Optional.ofNullable(failOn).map(ScanCommand::severity);
    if (!format.equals("table") && !format.equals("json")) {
      throw new IllegalArgumentException("--format must be table or json");
    }
    PrintWriter err = spec.commandLine().getErr();
    VulnerabilityReport report;
    ScannerWarnings engineWarnings = ScannerWarnings.printTo(err);
    try {
      report = scan();
    } finally {
      engineWarnings.close();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format.equals("json")) {
      out.println(ClairReportJson.toJson(report).toPrettyString());
    } else {
      out.print(TableReport.render(report));
    }
    out.flush();
    report.warnings().forEach(w -> err.println("berth: warning: " + w));
    err.flush();
    return threshold.isPresent() && report.hasAtLeast(threshold.get()) ? FOUND : 0;
  }

  private VulnerabilityReport scan() throws IOException {
    AdvisoryDb db = AdvisoryDb.load(advisoryFiles());
    int split = image.lastIndexOf(':');
    boolean tagged = split > 0 && image.indexOf('/', split) < 0 && !Files.isDirectory(Path.of(image));
    Path dir = Path.of(tagged ? image.substring(0, split) : image);
    Optional<String> tag = tagged ? Optional.of(image.substring(split + 1)) : Optional.empty();
    Platform wanted = Platform.parse(platform);
    OciImage picked = OciLayout.open(dir).image(tag, wanted);
    warnIfOtherPlatform(wanted, picked);
    ScannerEngine engine = new ScannerEngine(ScanLimits.defaults(), LayerIndexCache.none());
    IndexReport index = engine.index(picked.manifestDigest(), picked.layers());
    return engine.match(index, db);
  }

  // A single image is scanned whatever --platform says; an explicit --platform it does not match is a warning.
  private void warnIfOtherPlatform(Platform wanted, OciImage picked) {
    boolean explicit = spec.commandLine().getParseResult().hasMatchedOption("--platform");
    picked.platform().filter(p -> explicit && !wanted.accepts(p)).ifPresent(p -> spec.commandLine().getErr()
        .println("berth: warning: --platform " + wanted + " does not match the image, which is for " + p
            + " and was scanned as it is"));
  }

  private List<Path> advisoryFiles() {
    if (!advisories.isEmpty()) {
      return advisories;
    }
    Path imported = VulnDbCommand.importedBundle(options.load(Map.of()).dataDir());
    if (!Files.isRegularFile(imported)) {
      throw new IllegalArgumentException("no advisories: pass --advisories FILE or run 'berth vulndb import FILE'");
    }
    return List.of(imported);
  }

  private static NormalizedSeverity severity(String name) {
    return NormalizedSeverity.parse(name) // any case
        .orElseThrow(() -> new IllegalArgumentException(
            "--fail-on must be unknown, negligible, low, medium, high or critical, not '" + name + "'"));
  }
}
