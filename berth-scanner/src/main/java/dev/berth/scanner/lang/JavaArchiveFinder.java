package dev.berth.scanner.lang;

import dev.berth.scanner.layer.FindingSink;
import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.PackageFinder;
import dev.berth.scanner.layer.ScanLimits;
import java.io.IOException;
import java.io.InputStream;

/**
 * Finds Maven packages in Java archives ({@code .jar}, {@code .war}, {@code .ear}, and Jenkins' {@code .jpi} and
 * {@code .hpi}), reading the archive once as a stream: never seeking, never extracting to disk, never looking
 * anything up on the network.
 *
 * <p>Each {@code META-INF/maven/**}{@code /pom.properties} gives one package {@code groupId:artifactId} at
 * {@code version} (a shaded jar gives several). An archive with no {@code pom.properties} falls back to its
 * {@code META-INF/MANIFEST.MF} by a conservative rule that reports nothing rather than a guess (see
 * {@code MavenCoordinates.fromManifest}). Archives nested in archives ({@code WEB-INF/lib}, {@code BOOT-INF/lib},
 * ears, fat jars) are read recursively from the same stream, up to {@link ScanLimits#maxNestingDepth()}. A
 * package's path names the nesting: {@code app/x.war!/WEB-INF/lib/y.jar!/META-INF/maven/g/a/pom.properties}.
 *
 * <p>A truncated or malformed archive ends quietly with what was found before the damage; a broken limit ends
 * the file with a {@link dev.berth.scanner.layer.LimitExceededException} naming it.
 */
public final class JavaArchiveFinder implements PackageFinder {

  /** Creates the finder; it holds no state. */
  public JavaArchiveFinder() {}

  @Override
  public String name() {
    return "java";
  }

  /** Wants files named {@code *.jar}, {@code *.war}, {@code *.ear}, {@code *.jpi} or {@code *.hpi}. */
  @Override
  public boolean wants(LayerEntry entry) {
    return JavaArchives.isArchiveName(entry.path());
  }

  @Override
  public void find(LayerEntry entry, InputStream content, ScanLimits limits, FindingSink sink)
      throws IOException {
    new ArchiveWalk(limits, sink).walk(entry.path(), content, 0);
  }
}
