/**
 * Finders for language packages in image layers: Java archives ({@link dev.berth.scanner.lang.JavaArchiveFinder}),
 * Python distributions ({@link dev.berth.scanner.lang.PythonFinder}), npm packages
 * ({@link dev.berth.scanner.lang.NpmFinder}) and Go binaries ({@link dev.berth.scanner.lang.GoBinaryFinder});
 * {@link dev.berth.scanner.lang.LanguageFinders#all()} is the door.
 *
 * <p>Every finder reads its file once, forwards, from the layer stream, and never looks anything up on the
 * network. What a finder buffers is capped: a metadata file above its plausibility cap is skipped as malformed,
 * and one above {@link dev.berth.scanner.layer.ScanLimits#maxFileBytes()} (when that is the smaller bound) fails
 * with a {@link dev.berth.scanner.layer.LimitExceededException} naming the limit; a truncated or malformed file
 * ends quietly with what was found before the damage.
 */
package dev.berth.scanner.lang;
