package dev.multiproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hazelcast.config.Config;
import dev.multiproc.cluster.internal.HazelcastSetup;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    var port =
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.builder().port(70000));
    assertEquals("port must be in 1..65535: port=70000", port.getMessage());
    var address =
        assertThrows(
            IllegalArgumentException.class, () -> ClusterConfig.builder().members("host:abc"));
    assertTrue(address.getMessage().contains("host:abc"), address.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ClusterConfig.builder().workers(-1));
    assertThrows(IllegalArgumentException.class, () -> ClusterConfig.builder().clusterName(" "));
    var client =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClusterConfig.builder().role(ClusterConfig.Role.CLIENT).build());
    assertEquals("a client needs at least one member address", client.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ClusterConfig.builder()
                .role(ClusterConfig.Role.CLIENT)
                .members("h")
                .workers(2)
                .build());
  }

  @Test
  void theMemberConfigJoinsByTcpIpOnlyWithoutPhoneHome() {
    ClusterConfig c =
        ClusterConfig.builder()
            .clusterName("x")
            .members("127.0.0.1:5801")
            .host("127.0.0.1")
            .port(5801)
            .workers(3)
            .property("hazelcast.foo", "bar")
            .build();
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

  @Test
  void aKeyFileOthersMayRead_isNamedWithItsMode_oneOnlyItsOwnerMayReadIsNot(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("cluster.key");
    Files.writeString(file, "0123456789abcdef\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals(
        "the cluster key file "
            + file
            + " can be read by others than its owner (rw-r--r--): whoever reads it can join the"
            + " cluster and run code on its members; make it readable by its owner only (chmod"
            + " 600)",
        ClusterConfig.Builder.looseMode(file));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    assertNotNull(ClusterConfig.Builder.looseMode(file));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertNull(ClusterConfig.Builder.looseMode(file));
    // a loose key file is still used: the warning is the operator's to act on
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals(16, ClusterConfig.builder().keyFile(file).build().key().length);
  }

  @Test
  void aKeyIsAtLeast16Bytes_andAKeyFileLosesTheWhiteSpaceAtItsEnd(@TempDir Path dir)
      throws Exception {
    var shortKey =
        assertThrows(
            IllegalArgumentException.class, () -> ClusterConfig.builder().key(new byte[15]));
    assertEquals("a cluster key must have at least 16 bytes: it has 15", shortKey.getMessage());
    Path file = dir.resolve("cluster.key");
    Files.writeString(file, "0123456789abcdef\n");
    byte[] key = ClusterConfig.builder().keyFile(file).build().key();
    assertEquals("0123456789abcdef", new String(key, StandardCharsets.UTF_8));
    Files.writeString(file, "short\n");
    var shortFile =
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.builder().keyFile(file));
    assertEquals(
        "the cluster key file " + file + " holds 5 bytes; it needs at least 16",
        shortFile.getMessage());
    var missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClusterConfig.builder().keyFile(dir.resolve("none")));
    assertTrue(
        missing.getMessage().startsWith("cannot read the cluster key file " + dir.resolve("none")),
        missing.getMessage());
    assertNull(ClusterConfig.builder().build().key());
    assertTrue(ClusterConfig.builder().key(new byte[16]).build().toString().contains("key=set"));
  }

  @Test
  void failureTimeoutAndMergeDelay_setHazelcastsProperties() {
    var c =
        ClusterConfig.builder()
            .failureTimeout(Duration.ofSeconds(10))
            .mergeDelay(Duration.ofSeconds(5))
            .build();
    assertEquals("10", c.properties().get("hazelcast.max.no.heartbeat.seconds"));
    assertEquals("2", c.properties().get("hazelcast.heartbeat.interval.seconds"));
    assertEquals("10000", c.properties().get("hazelcast.client.heartbeat.timeout"));
    assertEquals("5", c.properties().get("hazelcast.merge.first.run.delay.seconds"));
    assertEquals("5", c.properties().get("hazelcast.merge.next.run.delay.seconds"));
    var tooShort =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClusterConfig.builder().failureTimeout(Duration.ofMillis(1500)));
    assertEquals("failureTimeout must be at least 2 s: PT1.5S", tooShort.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> ClusterConfig.builder().mergeDelay(Duration.ZERO));
  }

  @Test
  void aMemberWithoutHost_bindsOneAddress_loopbackWhenAllMembersAreLoopback() {
    Config loopback =
        HazelcastSetup.member(
            ClusterConfig.builder().members("127.0.0.1:5801", "localhost:5802").port(5801).build(),
            new ConcurrentHashMap<>());
    assertEquals(
        List.of("127.0.0.1"),
        List.copyOf(loopback.getNetworkConfig().getInterfaces().getInterfaces()));
    assertEquals("false", loopback.getProperty("hazelcast.socket.bind.any"));
    Config alone =
        HazelcastSetup.member(ClusterConfig.builder().build(), new ConcurrentHashMap<>());
    assertEquals(
        List.of("127.0.0.1"),
        List.copyOf(alone.getNetworkConfig().getInterfaces().getInterfaces()));
    // members elsewhere, none of them this machine: Hazelcast picks one address, not all
    Config elsewhere =
        HazelcastSetup.member(
            ClusterConfig.builder().members("203.0.113.1:5701", "203.0.113.2:5701").build(),
            new ConcurrentHashMap<>());
    assertEquals(false, elsewhere.getNetworkConfig().getInterfaces().isEnabled());
    assertEquals("false", elsewhere.getProperty("hazelcast.socket.bind.any"));
  }

  @Test
  void aMemberWithoutHost_bindsThisMachinesAddressAmongTheMembers() throws Exception {
    String own =
        NetworkInterface.networkInterfaces()
            .flatMap(NetworkInterface::inetAddresses)
            .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
            .map(InetAddress::getHostAddress)
            .findFirst()
            .orElse(null);
    assumeTrue(own != null, "this machine has no IPv4 address but loopback");
    Config c =
        HazelcastSetup.member(
            ClusterConfig.builder().members("203.0.113.1:5701", own + ":5701").port(5701).build(),
            new ConcurrentHashMap<>());
    assertEquals(List.of(own), List.copyOf(c.getNetworkConfig().getInterfaces().getInterfaces()));
    assertEquals(own + ":5701", c.getNetworkConfig().getPublicAddress());
    // the same address with another member's port is another member on this machine, not this
    Config other =
        HazelcastSetup.member(
            ClusterConfig.builder().members("203.0.113.1:5701", own + ":5702").port(5701).build(),
            new ConcurrentHashMap<>());
    assertEquals(false, other.getNetworkConfig().getInterfaces().isEnabled());
  }

  @Test
  void theKey_isFoldedIntoTheNameOnTheWire_andJavaSerializationIsFiltered() {
    var c = ClusterConfig.builder().clusterName("x").key(new byte[16]).build();
    Config member = HazelcastSetup.member(c, new ConcurrentHashMap<>());
    assertTrue(member.getClusterName().startsWith("x-"), member.getClusterName());
    assertEquals(
        member.getClusterName(),
        HazelcastSetup.client(
                ClusterConfig.builder()
                    .clusterName("x")
                    .key(new byte[16])
                    .members("h")
                    .role(ClusterConfig.Role.CLIENT)
                    .build())
            .getClusterName());
    var filter = member.getSerializationConfig().getJavaSerializationFilterConfig();
    assertTrue(filter.getWhitelist().getPrefixes().contains("dev.multiproc."));
  }
}
