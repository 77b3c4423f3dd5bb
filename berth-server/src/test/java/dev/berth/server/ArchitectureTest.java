package dev.berth.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package boundaries and wiring rules of conventions.md, checked on the compiled classes. */
class ArchitectureTest {
  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.berth");
  }

  @Test
  void handlers_neverTouchStoresOrStorageDirectly() {
    noClasses().that().haveSimpleNameEndingWith("Handlers").or().haveSimpleNameEndingWith("Routes")
        .should().dependOnClassesThat().haveSimpleNameEndingWith("Store")
        .because("handlers parse, call a service and render; SQL and storage belong to services")
        .check(classes);
  }

  @Test
  void httpLayer_knowsNoFeature() {
    noClasses().that().resideInAPackage("dev.berth.server.http..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.berth.server.registry..", "dev.berth.server.storage..")
        .check(classes);
  }

  @Test
  void ociVocabulary_hasNoServerOrScannerDependency() {
    noClasses().that().resideInAPackage("dev.berth.oci..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.berth.server..", "dev.berth.scanner..")
        .check(classes);
  }

  @Test
  void scanner_doesNotDependOnTheRegistry() {
    noClasses().that().resideInAPackage("dev.berth.scanner..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.berth.server..", "dev.berth.oci..")
        .check(classes);
  }

  @Test
  void onlyTheCompositionRoots_buildModulesAndInfrastructure() {
    // Application wires the server; ConfigOptions wires the small graph of the administrative commands.
    noClasses().that().doNotHaveFullyQualifiedName(Application.class.getName())
        .and().doNotHaveFullyQualifiedName("dev.berth.server.cli.ConfigOptions")
        .should().callMethodWhere(JavaCall.Predicates.target(HasName.Predicates.name("create"))
            .and(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                HasName.Predicates.nameMatching(".*Module")))))
        .orShould().callMethod(dev.berth.server.db.Database.class, "open",
            dev.berth.server.config.DatabaseUri.class, int.class)
        .orShould().callConstructor(dev.berth.server.storage.fs.FileSystemBlobStore.class, java.nio.file.Path.class)
        .orShould().callMethod(dev.berth.server.storage.s3.S3BlobStore.class, "create",
            dev.berth.server.config.StorageConfig.S3.class, java.time.Clock.class)
        .check(classes);
  }

  @Test
  void noStaticMutableState() {
    fields().that().areStatic().and().areDeclaredInClassesThat().resideInAPackage("dev.berth..")
        .and().doNotHaveModifier(JavaModifier.SYNTHETIC)
        .should().beFinal()
        .because("no static state beyond constants and loggers")
        .check(classes);
  }
}
