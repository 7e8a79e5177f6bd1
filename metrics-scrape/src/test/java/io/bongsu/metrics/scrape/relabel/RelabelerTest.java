package io.bongsu.metrics.scrape.relabel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.scrape.config.ConfigException;
import io.bongsu.metrics.scrape.config.PrometheusConfig;
import io.bongsu.metrics.scrape.config.RelabelConfig;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class RelabelerTest {
  private static List<RelabelConfig> steps(String yaml) {
    String cfg = "scrape_configs:\n- job_name: j\n  relabel_configs:\n  - "
        + yaml.strip().replace("\n", "\n    ") + "\n";
    return PrometheusConfig.parse(cfg, null).scrapeConfigs().get(0).relabelConfigs();
  }

  static Stream<Arguments> cases() {
    Labels in = Labels.of("__name__", "http_requests_total", "job", "api", "instance", "host-1:9100",
        "__meta_kubernetes_pod_label_app", "web", "__meta_kubernetes_pod_label_tier", "front",
        "env", "Prod", "same_a", "x", "same_b", "x");
    return Stream.of(
        Arguments.of("replace with defaults copies the joined value",
            "source_labels: [job]\ntarget_label: service\n",
            in, in.toBuilder().set("service", "api").build()),
        Arguments.of("replace uses capture groups and the separator",
            "source_labels: [job, instance]\nseparator: '@'\nregex: '(.*)@([^:]+):.*'\ntarget_label: where\nreplacement: '${2}/$1'\n",
            in, in.toBuilder().set("where", "host-1/api").build()),
        Arguments.of("replace is anchored: a partial match does nothing",
            "source_labels: [job]\nregex: 'ap'\ntarget_label: x\nreplacement: hit\n", in, in),
        Arguments.of("replace with an empty result deletes the target",
            "source_labels: [nope]\ntarget_label: env\n", in, in.without("env")),
        Arguments.of("replace expands the target label name",
            "source_labels: [env]\nregex: '(.*)'\ntarget_label: 'env_${1}'\nreplacement: yes\n",
            in, in.toBuilder().set("env_Prod", "yes").build()),
        Arguments.of("$1x refers to the missing group 1x and expands to nothing",
            "source_labels: [job]\ntarget_label: t\nreplacement: '$1x-${1}x'\n",
            in, in.toBuilder().set("t", "-apix").build()),
        Arguments.of("named groups work with Go syntax",
            "source_labels: [instance]\nregex: '(?P<host>[^:]+):(?P<port>.*)'\ntarget_label: port\nreplacement: '$port'\n",
            in, in.toBuilder().set("port", "9100").build()),
        Arguments.of("keep keeps matching sets",
            "source_labels: [job]\nregex: api|web\naction: keep\n", in, in),
        Arguments.of("keep drops others", "source_labels: [job]\nregex: web\naction: keep\n", in, null),
        Arguments.of("drop drops matching sets", "source_labels: [env]\nregex: Prod\naction: drop\n", in, null),
        Arguments.of("drop with a missing label matches the empty string",
            "source_labels: [missing]\nregex: ''\naction: drop\n", in, null),
        Arguments.of("keepequal keeps when source equals target",
            "source_labels: [same_a]\ntarget_label: same_b\naction: keepequal\n", in, in),
        Arguments.of("keepequal drops when they differ",
            "source_labels: [job]\ntarget_label: env\naction: keepequal\n", in, null),
        Arguments.of("dropequal drops when source equals target",
            "source_labels: [same_a]\ntarget_label: same_b\naction: dropequal\n", in, null),
        Arguments.of("hashmod takes the low 64 bits of the MD5 modulo",
            "source_labels: [instance]\nmodulus: 1000\ntarget_label: shard\naction: hashmod\n",
            in, in.toBuilder().set("shard", Long.toUnsignedString(Long.remainderUnsigned(Relabeler.md5Tail("host-1:9100"), 1000))).build()),
        Arguments.of("labelmap copies matching names",
            "regex: __meta_kubernetes_pod_label_(.+)\naction: labelmap\n",
            in, in.toBuilder().set("app", "web").set("tier", "front").build()),
        Arguments.of("labeldrop removes matching names",
            "regex: 'same_.*'\naction: labeldrop\n", in, in.without("same_a", "same_b")),
        Arguments.of("labelkeep keeps only matching names",
            "regex: '__name__|job'\naction: labelkeep\n", in,
            Labels.of("__name__", "http_requests_total", "job", "api")),
        Arguments.of("lowercase", "source_labels: [env]\ntarget_label: env_lower\naction: lowercase\n",
            in, in.toBuilder().set("env_lower", "prod").build()),
        Arguments.of("uppercase", "source_labels: [env, job]\ntarget_label: up\naction: uppercase\n",
            in, in.toBuilder().set("up", "PROD;API").build()),
        Arguments.of("action names are case-insensitive",
            "source_labels: [env]\nregex: Prod\naction: Drop\n", in, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void appliesActionsLikePrometheus(String name, String yaml, Labels in, Labels want) {
    assertThat(Relabeler.process(in, steps(yaml))).isEqualTo(want);
  }

  @Test
  void hashmodMatchesPrometheusForAKnownInput() {
    // md5("foo") = acbd18db4cc2f85cedef654fccc4a4d8; its low 8 bytes are 0xedef654fccc4a4d8.
    assertThat(Relabeler.md5Tail("foo")).isEqualTo(0xedef654fccc4a4d8L);
  }

  @Test
  void goTemplateExpansionRules() {
    Matcher m = RelabelConfig.compile("(a)(b)(?P<name>c)").matcher("abc");
    assertThat(m.matches()).isTrue();
    assertThat(Relabeler.expand(m, "$1-$2-$name-${name}-$$-$-${")).isEqualTo("a-b-c-c-$-$-${");
    assertThat(Relabeler.expand(m, "$10 ${9} $nope")).isEqualTo("  ");
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("action: hashmod\ntarget_label: x\n", "requires non-zero modulus"),
        Arguments.of("action: replace\n", "requires 'target_label' value"),
        Arguments.of("target_label: '1bad'\n", "is invalid 'target_label' for replace action"),
        Arguments.of("action: lowercase\ntarget_label: 'a${1}'\n", "is invalid 'target_label' for lowercase"),
        Arguments.of("action: labeldrop\nsource_labels: [a]\n", "labeldrop action requires only 'regex'"),
        Arguments.of("action: keepequal\nsource_labels: [a]\ntarget_label: b\nregex: x\n",
            "keepequal action requires only 'source_labels' and 'target_label'"),
        Arguments.of("action: labelmap\nreplacement: '-'\n", "is invalid 'replacement' for labelmap"),
        Arguments.of("action: explode\n", "unknown relabel action \"explode\""),
        Arguments.of("regex: '('\ntarget_label: x\n", "relabel_configs[0].regex: invalid regular expression"),
        Arguments.of("source_labels: ['a-b']\ntarget_label: x\n", "is not a valid label name"),
        Arguments.of("target: x\n", "field target not found"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalidStepsAreRejectedNamingTheField(String yaml, String message) {
    assertThatThrownBy(() -> steps(yaml)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("scrape_configs[j].relabel_configs[0]").hasMessageContaining(message);
  }
}
