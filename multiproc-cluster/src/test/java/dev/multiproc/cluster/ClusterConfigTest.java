package dev.multiproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import dev.multiproc.cluster.internal.HazelcastSetup;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The config's checks and defaults, and the Hazelcast config made from it. No cluster starts. */
class ClusterConfigTest {

  @Test
  void defaultsAndAddresses() {
    ClusterConfig c = ClusterConfig.builder().members("10.0.0.1", " 10.0.0.2:5702 ").build();
    assertEquals("multiproc", c.clusterName());
    assertEquals(List.of("10.0.0.1:5701", "10.0.0.2:5702"), c.members());
    assertEquals(5701, c.port());
    assertEquals(ClusterConfig.Role.MEMBER, c.role());
    assertEquals(0, c.workers());
    assertNull(c.host());
  }

  @Test
  void badValuesAreRefusedSayingWhatWasWrong() {
    var port = assertThrows(IllegalArgumentException.class,
        () -> ClusterConfig.builder().port(70000));
    assertEquals("port must be in 1..65535: port=70000", port.getMessage());
    var address = assertThrows(IllegalArgumentException.class,
        () -> ClusterConfig.builder().members("host:abc"));
    assertTrue(address.getMessage().contains("host:abc"), address.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ClusterConfig.builder().workers(-1));
    assertThrows(IllegalArgumentException.class, () -> ClusterConfig.builder().clusterName(" "));
    var client = assertThrows(IllegalArgumentException.class,
        () -> ClusterConfig.builder().role(ClusterConfig.Role.CLIENT).build());
    assertEquals("a client needs at least one member address", client.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ClusterConfig.builder()
        .role(ClusterConfig.Role.CLIENT).members("h").workers(2).build());
  }

  @Test
  void theMemberConfigJoinsByTcpIpOnlyWithoutPhoneHome() {
    ClusterConfig c = ClusterConfig.builder().clusterName("x").members("127.0.0.1:5801")
        .host("127.0.0.1").port(5801).workers(3).property("hazelcast.foo", "bar").build();
    Config hz = HazelcastSetup.member(c, new ConcurrentHashMap<>());
    assertEquals("x", hz.getClusterName());
    assertEquals("false", hz.getProperty("hazelcast.phone.home.enabled"));
    assertEquals("bar", hz.getProperty("hazelcast.foo"));
    var join = hz.getNetworkConfig().getJoin();
    assertEquals(false, join.getMulticastConfig().isEnabled());
    assertEquals(false, join.getAutoDetectionConfig().isEnabled());
    assertEquals(true, join.getTcpIpConfig().isEnabled());
    assertEquals(List.of("127.0.0.1:5801"), join.getTcpIpConfig().getMembers());
    assertEquals(5801, hz.getNetworkConfig().getPort());
    assertEquals("3", hz.getMemberAttributeConfig().getAttribute(HazelcastSetup.WORKERS_ATTRIBUTE));
  }
}
