package dev.berth.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaCodeUnitAccess;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.berth.oci.RepositoryName;
import dev.berth.server.access.AccessPolicy;
import dev.berth.server.http.Exchange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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

  // --- Identity and access: every registry request passes the AccessPolicy before any store is reached. ---

  static final String ROUTES = "dev.berth.server.registry.RegistryRoutes";
  static final String REPOSITORY_HANDLER = ROUTES + "$RepositoryHandler";

  private static boolean isHandle(JavaMethodCall call) {
    return call.getTargetOwner().getName().equals(REPOSITORY_HANDLER) && call.getName().equals("handle");
  }

  private static boolean isRequire(JavaMethodCall call) {
    return call.getTargetOwner().isAssignableTo(AccessPolicy.class) && call.getName().equals("require");
  }

  @Test
  void repositoryHandlers_areInvokedOnlyByRegistryRoutes() {
    methods().that().areDeclaredInClassesThat().haveFullyQualifiedName(REPOSITORY_HANDLER)
        .and().haveName("handle")
        .should().onlyBeCalled().byClassesThat().haveFullyQualifiedName(ROUTES)
        .because("the route table is where the AccessPolicy is asked before a handler runs")
        .check(classes);
  }

  @Test
  void everyRepositoryHandlerInvocation_followsAccessPolicyRequire_inTheSameMethod() {
    List<JavaMethodCall> invocations = classes.stream().flatMap(c -> c.getMethodCallsFromSelf().stream())
        .filter(ArchitectureTest::isHandle).toList();
    assertThat(invocations).as("the route table invokes its handlers").isNotEmpty();
    codeUnits().that().areDeclaredInClassesThat().resideInAPackage("dev.berth..")
        .should(new ArchCondition<JavaCodeUnit>("call AccessPolicy.require before RepositoryHandler.handle") {
          @Override
          public void check(JavaCodeUnit unit, ConditionEvents events) {
            for (JavaMethodCall call : unit.getMethodCallsFromSelf()) {
              if (isHandle(call)) {
                boolean guarded = unit.getMethodCallsFromSelf().stream()
                    .anyMatch(c -> isRequire(c) && c.getLineNumber() < call.getLineNumber());
                events.add(new SimpleConditionEvent(unit, guarded, call.getDescription()
                    + (guarded ? " follows" : " is not preceded by") + " AccessPolicy.require"));
              }
            }
          }
        })
        .check(classes);
  }

  @Test
  void repositoryRouteMethodsOfHandlers_areReachedOnlyThroughTheRouteTable() {
    // Non-private methods shaped like a RepositoryHandler are routes: the route table references them, under the
    // action it names, and nothing calls them directly (a route calling another would skip that one's check).
    methods().that().areDeclaredInClassesThat().haveSimpleNameEndingWith("Handlers")
        .and().haveRawParameterTypes(Exchange.class, RepositoryName.class, String.class)
        .and().doNotHaveModifier(JavaModifier.PRIVATE)
        .should(new ArchCondition<JavaMethod>("be accessed only from " + ROUTES) {
          @Override
          public void check(JavaMethod method, ConditionEvents events) {
            for (JavaCodeUnitAccess<?> access : method.getAccessesToSelf()) {
              boolean fromRoutes = access.getOriginOwner().getName().equals(ROUTES);
              events.add(new SimpleConditionEvent(method, fromRoutes, access.getDescription()));
            }
          }
        })
        .check(classes);
  }

  @Test
  void onlyAccessAuthIdentityCliAndTheCompositionRoot_dependOnIdentity() {
    noClasses().that().resideOutsideOfPackages("dev.berth.server.access..", "dev.berth.server.auth..",
            "dev.berth.server.identity..", "dev.berth.server.cli..")
        .and().doNotHaveFullyQualifiedName(Application.class.getName())
        .should().dependOnClassesThat().resideInAPackage("dev.berth.server.identity..")
        .because("accounts, teams, grants and tokens are reached only through the policy and the token service")
        .check(classes);
  }

  @Test
  void identityTables_areQueriedOnlyByIdentityAndTheAccessPolicy() throws IOException {
    // ArchUnit cannot see SQL text, so the sources are read: no statement outside identity/ and access/ names an
    // identity table.
    Path sources = Path.of("src/main/java/dev/berth/server");
    assertThat(sources).as("run from the berth-server module").isDirectory();
    Pattern sql = Pattern.compile("(?i)\\b(FROM|JOIN|INTO|UPDATE)\\s+"
        + "(account|team|team_member|repository_permission|default_permission|app_token)\\b");
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg = sources.relativize(f).getName(0).toString();
        if (!pkg.equals("identity") && !pkg.equals("access") && sql.matcher(Files.readString(f)).find()) {
          offenders.add(f.toString());
        }
      }
    }
    assertThat(offenders).isEmpty();
    try (Stream<Path> identity = Files.list(sources.resolve("identity"))) {
      assertThat(identity.anyMatch(f -> {
        try {
          return sql.matcher(Files.readString(f)).find();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      })).as("the pattern finds the identity stores' own SQL").isTrue();
    }
  }
}
