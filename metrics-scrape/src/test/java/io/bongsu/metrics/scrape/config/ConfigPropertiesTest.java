package io.bongsu.metrics.scrape.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class ConfigPropertiesTest {
  @Property
  void formatThenParseGivesTheSameDuration(@ForAll @LongRange(min = 0, max = 1L << 50) long millis) {
    Duration d = Duration.ofMillis(millis);
    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }

  @Property
  void arbitraryTextParsesOrFailsWithIllegalArgument(@ForAll String s) {
    try {
      assertThat(Durations.parse(s).isNegative()).isFalse();
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotEmpty();
    }
  }

  @Property
  void arbitraryYamlFailsOnlyWithConfigException(@ForAll String yaml) {
    try {
      PrometheusConfig.parse(yaml, null);
    } catch (ConfigException expected) {
      assertThat(expected.getMessage()).isNotEmpty();
    }
  }

  @Property(tries = 500)
  void mutatedConfigsFailOnlyWithConfigException(@ForAll int position, @ForAll char replacement) {
    String base = """
        global:
          scrape_interval: 15s
        scrape_configs:
          - job_name: a
            relabel_configs:
              - source_labels: [__address__]
                regex: '(.*):80'
                target_label: host
            static_configs:
              - targets: ['x:1']
        """;
    char[] chars = base.toCharArray();
    chars[Math.floorMod(position, chars.length)] = replacement;
    try {
      PrometheusConfig.parse(new String(chars), null);
    } catch (ConfigException expected) {
      assertThat(expected.getMessage()).isNotEmpty();
    }
  }

  @Property
  void topLevelMustBeAMapping() {
    assertThatThrownBy(() -> PrometheusConfig.parse("- a\n- b\n", null))
        .isInstanceOf(ConfigException.class).hasMessage("config: expected a mapping, got a list");
  }
}
