package io.bongsu.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ListenAddressTest {
  @Test
  void readsEveryPrometheusForm() {
    assertThat(ListenAddress.parse(":9100").getPort()).isEqualTo(9100);
    assertThat(ListenAddress.parse(":9100").getAddress().isAnyLocalAddress()).isTrue();
    assertThat(ListenAddress.parse("127.0.0.1:0").getAddress().isLoopbackAddress()).isTrue();
    assertThat(ListenAddress.parse("[::1]:9100").getAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void rejectsAddressesWithoutAValidPort() {
    assertThatThrownBy(() -> ListenAddress.parse("localhost"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a port");
    assertThatThrownBy(() -> ListenAddress.parse(":99999")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ListenAddress.parse(":http")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void localClientsReachAWildcardListenerOnLocalhost() {
    assertThat(ListenAddress.local(new InetSocketAddress(9090))).isEqualTo("localhost:9090");
    assertThat(ListenAddress.local(new InetSocketAddress("127.0.0.1", 9090))).isEqualTo("127.0.0.1:9090");
  }
}
