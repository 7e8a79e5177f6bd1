package io.bongsu.agent.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CollectorFixtureTest {
  @Test
  void cpuSecondsPerModeAndGuestTimeFromUserHzTicks() throws Exception {
    String out = Fixtures.collect(new CpuCollector());
    assertThat(Fixtures.lines(out)).contains(
        "# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.",
        "# TYPE node_cpu_seconds_total counter",
        "node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"} 450",
        "node_cpu_seconds_total{cpu=\"0\",mode=\"user\"} 10",
        "node_cpu_seconds_total{cpu=\"0\",mode=\"steal\"} 0.03",
        "node_cpu_seconds_total{cpu=\"1\",mode=\"softirq\"} 0.15",
        "node_cpu_guest_seconds_total{cpu=\"0\",mode=\"user\"} 1.2",
        "node_cpu_guest_seconds_total{cpu=\"0\",mode=\"nice\"} 0.07");
    assertThat(out).doesNotContain("cpu=\"\"");
    // two hyperthreads of core 0: one throttle series each for the core and the package
    assertThat(Fixtures.lines(out)).containsOnlyOnce(
        "node_cpu_core_throttles_total{core=\"0\",package=\"0\"} 5",
        "node_cpu_package_throttles_total{package=\"0\"} 9");
    // modes sorted like node_exporter's registry output
    assertThat(out.indexOf("cpu=\"0\",mode=\"idle\"")).isLessThan(out.indexOf("cpu=\"0\",mode=\"iowait\""));
  }

  @Test
  void statCountersAndBootTime() throws Exception {
    assertThat(Fixtures.lines(Fixtures.collect(new StatCollector()))).contains(
        "node_boot_time_seconds 1.7e+09",
        "node_context_switches_total 987654",
        "node_forks_total 4321",
        "node_intr_total 123456",
        "node_procs_running 3",
        "node_procs_blocked 1");
  }

  @Test
  void meminfoNamesFollowNodeExporterRules() throws Exception {
    assertThat(Fixtures.lines(Fixtures.collect(new MeminfoCollector()))).contains(
        "# HELP node_memory_MemTotal_bytes Memory information field MemTotal_bytes.",
        "node_memory_MemTotal_bytes 8.192e+09",
        "node_memory_MemAvailable_bytes 6.144e+09",
        "node_memory_Active_anon_bytes 5.12e+08",
        "node_memory_Inactive_file_bytes 7.168e+08",
        "node_memory_HugePages_Total 0",
        "node_memory_Hugepagesize_bytes 2.097152e+06");
  }

  @Test
  void loadAverages() throws Exception {
    assertThat(Fixtures.lines(Fixtures.collect(new LoadavgCollector())))
        .contains("node_load1 0.25", "node_load5 0.5", "node_load15 1.75");
  }

  @Test
  void diskstatsExcludesPartitionsAndLoopAndScalesUnits() throws Exception {
    String out = Fixtures.collect(new DiskstatsCollector());
    assertThat(Fixtures.lines(out)).contains(
        "node_disk_reads_completed_total{device=\"vda\"} 33715",
        "node_disk_read_bytes_total{device=\"vda\"} 9.5666688e+08",
        "node_disk_read_time_seconds_total{device=\"vda\"} 12.370000000000001",
        "node_disk_discard_time_seconds_total{device=\"vda\"} 0.6900000000000001",
        "node_disk_flush_requests_total{device=\"vda\"} 959",
        "node_disk_io_now{device=\"nvme0n1\"} 2",
        "node_disk_info{device=\"vda\",major=\"254\",minor=\"0\",model=\"Fixture_Disk\",path=\"pci-0000:00:04.0\",revision=\"1.0\",serial=\"SN123\",wwn=\"0x5000\"} 1",
        "node_disk_info{device=\"nvme0n1\",major=\"259\",minor=\"0\",model=\"\",path=\"\",revision=\"\",serial=\"\",wwn=\"\"} 1");
    assertThat(out).doesNotContain("loop0", "vda1");
    // an older kernel's 11 columns have no discard or flush fields
    assertThat(out).doesNotContain("node_disk_discards_completed_total{device=\"nvme0n1\"}");
  }

  @Test
  void netdevSkipsLoopbackAndReadsNohandlerFromSysfs() throws Exception {
    String out = Fixtures.collect(new NetdevCollector());
    assertThat(Fixtures.lines(out)).contains(
        "# HELP node_network_receive_bytes_total Network device statistic receive_bytes.",
        "node_network_receive_bytes_total{device=\"eth0\"} 1.80233846e+08",
        "node_network_receive_multicast_total{device=\"eth0\"} 6",
        "node_network_transmit_colls_total{device=\"eth0\"} 10",
        "node_network_transmit_compressed_total{device=\"eth0\"} 12",
        "node_network_receive_nohandler_total{device=\"eth0\"} 7");
    assertThat(out).doesNotContain("device=\"lo\"");
  }

  @Test
  void netclassPropertiesAndInfo() throws Exception {
    String out = Fixtures.collect(new NetclassCollector());
    assertThat(Fixtures.lines(out)).contains(
        "node_network_up{device=\"eth0\"} 1",
        "node_network_up{device=\"lo\"} 0",
        "node_network_info{address=\"02:fc:00:00:00:01\",broadcast=\"ff:ff:ff:ff:ff:ff\",device=\"eth0\",duplex=\"full\",ifalias=\"\",operstate=\"up\"} 1",
        "node_network_mtu_bytes{device=\"lo\"} 65536",
        "node_network_speed_bytes{device=\"eth0\"} 1.25e+08",
        "node_network_flags{device=\"eth0\"} 4099",
        "node_network_carrier_changes_total{device=\"eth0\"} 2",
        "# TYPE node_network_carrier_changes_total counter",
        "node_network_protocol_type{device=\"lo\"} 772");
    assertThat(out).doesNotContain("node_network_speed_bytes{device=\"lo\"}", "bonding_masters");
  }

  @Test
  void netstatKeepsOnlyDefaultFields() throws Exception {
    String out = Fixtures.collect(new NetstatCollector());
    assertThat(Fixtures.lines(out)).contains(
        "# HELP node_netstat_Tcp_InSegs Statistic TcpInSegs.",
        "# TYPE node_netstat_Tcp_InSegs untyped",
        "node_netstat_Tcp_InSegs 6453",
        "node_netstat_TcpExt_ListenDrops 4",
        "node_netstat_IpExt_InOctets 1.80146791e+08",
        "node_netstat_Ip_Forwarding 2",
        "node_netstat_Ip6_InOctets 128",
        "node_netstat_Icmp6_InErrors 1",
        "node_netstat_UdpLite6_InErrors 0",
        "node_netstat_Udp_NoPorts 0");
    assertThat(out).doesNotContain("DelayedACKs", "DefaultTTL", "Ip6InReceives", "Ip_InReceives");
  }

  @Test
  void sockstatIncludesMemoryInBytes() throws Exception {
    String out = Fixtures.collect(new SockstatCollector());
    assertThat(Fixtures.lines(out)).contains(
        "node_sockstat_sockets_used 20",
        "node_sockstat_TCP_tw 1",
        "node_sockstat_TCP_mem 361",
        "node_sockstat_UDP_mem 3",
        "node_sockstat_FRAG_memory 0",
        "node_sockstat_TCP6_inuse 5",
        "# HELP node_sockstat_UDP6_inuse Number of UDP6 sockets in state inuse.");
    assertThat(out).containsPattern("node_sockstat_TCP_mem_bytes \\S+");
  }

  @Test
  void vmstatDefaultFieldFilter() throws Exception {
    String out = Fixtures.collect(new VmstatCollector());
    assertThat(Fixtures.lines(out)).contains("node_vmstat_pgfault 2.176117e+06", "node_vmstat_oom_kill 1", "node_vmstat_pswpin 0",
        "# HELP node_vmstat_pgpgin /proc/vmstat information field pgpgin.");
    assertThat(out).doesNotContain("nr_free_pages", "numa_hit");
  }

  @Test
  void smallProcCollectors() throws Exception {
    assertThat(Fixtures.lines(Fixtures.collect(new FilefdCollector())))
        .contains("node_filefd_allocated 531", "node_filefd_maximum 2.466167e+06");
    assertThat(Fixtures.lines(Fixtures.collect(new EntropyCollector())))
        .contains("node_entropy_available_bits 256", "node_entropy_pool_size_bits 256");
    assertThat(Fixtures.lines(Fixtures.collect(new PressureCollector()))).contains(
        "node_pressure_cpu_waiting_seconds_total 29.516232",
        "node_pressure_io_stalled_seconds_total 2.779489",
        "node_pressure_memory_waiting_seconds_total 1.5",
        "node_pressure_memory_stalled_seconds_total 0.5");
    assertThat(Fixtures.lines(Fixtures.collect(new ConntrackCollector()))).contains(
        "node_nf_conntrack_entries 33", "node_nf_conntrack_entries_limit 262144",
        "node_nf_conntrack_stat_found 2", "node_nf_conntrack_stat_drop 10", "node_nf_conntrack_stat_search_restart 12");
    assertThat(Fixtures.lines(Fixtures.collect(new SoftnetCollector()))).contains(
        "node_softnet_processed_total{cpu=\"0\"} 19", "node_softnet_processed_total{cpu=\"1\"} 6476",
        "node_softnet_times_squeezed_total{cpu=\"0\"} 2", "node_softnet_dropped_total{cpu=\"1\"} 1");
    assertThat(Fixtures.lines(Fixtures.collect(new ArpCollector())))
        .contains("node_arp_entries{device=\"eth0\"} 2", "node_arp_entries{device=\"eth1\"} 1");
    assertThat(Fixtures.lines(Fixtures.collect(new UdpQueuesCollector())))
        .contains("node_udp_queues{ip=\"v4\",queue=\"tx\"} 17", "node_udp_queues{ip=\"v4\",queue=\"rx\"} 513");
    assertThat(Fixtures.lines(Fixtures.collect(new SchedstatCollector()))).contains(
        "node_schedstat_running_seconds_total{cpu=\"0\"} 1.5", "node_schedstat_waiting_seconds_total{cpu=\"1\"} 0.05",
        "node_schedstat_timeslices_total{cpu=\"0\"} 4200");
    assertThat(Fixtures.lines(Fixtures.collect(new SelinuxCollector()))).contains("node_selinux_enabled 0");
  }

  @Test
  void unameAndOsRelease() throws Exception {
    assertThat(Fixtures.lines(Fixtures.collect(new UnameCollector()))).contains(
        "node_uname_info{domainname=\"(none)\",machine=\"x86_64\",nodename=\"fixture-host\",release=\"6.1.0-test\",sysname=\"Linux\",version=\"#1 SMP PREEMPT_DYNAMIC\"} 1");
    assertThat(Fixtures.lines(Fixtures.collect(new OsCollector()))).contains(
        "node_os_info{build_id=\"\",id=\"debian\",id_like=\"\",image_id=\"\",image_version=\"\",name=\"Debian GNU/Linux\",pretty_name=\"Debian GNU/Linux 12 (bookworm)\",variant=\"\",variant_id=\"\",version=\"12 (bookworm)\",version_codename=\"bookworm\",version_id=\"12\"} 1",
        "node_os_version{id=\"debian\",id_like=\"\",name=\"Debian GNU/Linux\"} 12");
  }

  @Test
  void timeAndClocksources() throws Exception {
    String out = Fixtures.collect(new TimeCollector());
    assertThat(Fixtures.lines(out)).contains(
        "node_time_clocksource_available_info{clocksource=\"acpi_pm\",device=\"0\"} 1",
        "node_time_clocksource_available_info{clocksource=\"tsc\",device=\"0\"} 1",
        "node_time_clocksource_current_info{clocksource=\"kvm-clock\",device=\"0\"} 1");
    assertThat(out).containsPattern("node_time_seconds 1\\.\\d+e\\+09").containsPattern("node_time_zone_offset_seconds\\{time_zone=\"[^\"]+\"} -?\\d+");
  }

  @Test
  void sysfsHardwareCollectors() throws Exception {
    assertThat(Fixtures.lines(Fixtures.collect(new CpufreqCollector()))).contains(
        "node_cpu_scaling_frequency_hertz{cpu=\"0\"} 2.4e+09", "node_cpu_frequency_max_hertz{cpu=\"0\"} 3e+09",
        "node_cpu_scaling_frequency_min_hertz{cpu=\"0\"} 8e+08");
    assertThat(Fixtures.lines(Fixtures.collect(new ThermalZoneCollector())))
        .contains("node_thermal_zone_temp{type=\"x86_pkg_temp\",zone=\"0\"} 45.5");
    assertThat(Fixtures.lines(Fixtures.collect(new HwmonCollector()))).contains(
        "node_hwmon_chip_names{chip=\"hwmon0\",chip_name=\"coretemp\"} 1",
        "node_hwmon_temp_celsius{chip=\"hwmon0\",sensor=\"temp1\"} 52",
        "node_hwmon_temp_crit_celsius{chip=\"hwmon0\",sensor=\"temp1\"} 100",
        "node_hwmon_sensor_label{chip=\"hwmon0\",label=\"Package id 0\",sensor=\"temp1\"} 1",
        "node_hwmon_fan_rpm{chip=\"hwmon0\",sensor=\"fan1\"} 1200");
    assertThat(Fixtures.lines(Fixtures.collect(new DmiCollector()))).contains(
        "node_dmi_info{bios_date=\"01/01/2024\",bios_vendor=\"SeaBIOS\",product_name=\"Standard PC\",system_vendor=\"QEMU\"} 1");
    assertThat(Fixtures.lines(Fixtures.collect(new PowerSupplyClassCollector()))).contains(
        "node_power_supply_capacity{power_supply=\"BAT0\"} 87",
        "node_power_supply_voltage_volt{power_supply=\"BAT0\"} 12",
        "node_power_supply_info{power_supply=\"BAT0\",status=\"Discharging\",type=\"Battery\"} 1");
  }

  @Test
  void mdstatArraysDisksAndSyncProgress() throws Exception {
    String out = Fixtures.collect(new MdadmCollector());
    assertThat(Fixtures.lines(out)).contains(
        "node_md_state{device=\"md0\",state=\"active\"} 1",
        "node_md_state{device=\"md1\",state=\"recovering\"} 1",
        "node_md_state{device=\"md1\",state=\"active\"} 0",
        "node_md_state{device=\"md2\",state=\"inactive\"} 1",
        "node_md_disks{device=\"md1\",state=\"active\"} 2",
        "node_md_disks{device=\"md1\",state=\"spare\"} 1",
        "node_md_disks_required{device=\"md1\"} 3",
        "node_md_blocks{device=\"md1\"} 2.093056e+06",
        "node_md_blocks_synced{device=\"md1\"} 157184",
        "node_md_blocks_synced{device=\"md0\"} 1.046528e+06",
        "node_md_blocks_synced{device=\"md2\"} 0");
  }

  @Test
  void bondingEdacRaplAndNvme() throws Exception {
    assertThat(Fixtures.lines(Fixtures.collect(new BondingCollector())))
        .contains("node_bonding_slaves{master=\"bond0\"} 2", "node_bonding_active{master=\"bond0\"} 1");
    assertThat(Fixtures.lines(Fixtures.collect(new EdacCollector()))).contains(
        "node_edac_correctable_errors_total{controller=\"0\"} 3",
        "node_edac_csrow_correctable_errors_total{controller=\"0\",csrow=\"0\"} 2");
    assertThat(Fixtures.lines(Fixtures.collect(new RaplCollector()))).contains(
        "node_rapl_package_joules_total{index=\"0\",path=\"/sys/class/powercap/intel-rapl:0\"} 123.456789",
        "node_rapl_core_joules_total{index=\"0:0\",path=\"/sys/class/powercap/intel-rapl:0:0\"} 5");
    assertThat(Fixtures.lines(Fixtures.collect(new NvmeCollector()))).contains(
        "node_nvme_info{device=\"nvme0\",firmware_revision=\"1.2.3\",model=\"Fixture NVMe 1TB\",serial=\"S1234\",state=\"live\"} 1");
  }

  @Test
  void zfsKstatsAndPoolState() throws Exception {
    String out = Fixtures.collect(new ZfsCollector());
    assertThat(Fixtures.lines(out)).contains(
        "# HELP node_zfs_arc_hits kstat.zfs.misc.arcstats.hits",
        "# TYPE node_zfs_arc_hits untyped",
        "node_zfs_arc_hits 1961",
        "node_zfs_arc_c_max 4.294967296e+09",
        "node_zfs_zpool_state{state=\"online\",zpool=\"tank\"} 1",
        "node_zfs_zpool_state{state=\"degraded\",zpool=\"tank\"} 0");
  }

  @Test
  void ipvsTotalsAndBackends() throws Exception {
    assertThat(Fixtures.lines(Fixtures.collect(new IpvsCollector()))).contains(
        "node_ipvs_connections_total 500",
        "node_ipvs_incoming_packets_total 1000",
        "node_ipvs_incoming_bytes_total 10000",
        "node_ipvs_backend_connections_active{local_address=\"192.168.0.22\",local_mark=\"\",local_port=\"3306\",proto=\"TCP\",remote_address=\"192.168.82.22\",remote_port=\"3306\"} 248",
        "node_ipvs_backend_weight{local_address=\"2620::1\",local_mark=\"\",local_port=\"80\",proto=\"TCP\",remote_address=\"2620::2\",remote_port=\"80\"} 1",
        "node_ipvs_backend_connections_inactive{local_address=\"\",local_mark=\"10001000\",local_port=\"0\",proto=\"FWM\",remote_address=\"192.168.50.26\",remote_port=\"3306\"} 1");
    assertThat(IpvsCollector.compactIpv6("2001:0db8:0000:0000:0001:0000:0000:0001")).isEqualTo("2001:db8::1:0:0:1");
    assertThat(IpvsCollector.compactIpv6("0000:0000:0000:0000:0000:0000:0000:0000")).isEqualTo("::");
    assertThat(IpvsCollector.compactIpv6("fe80:0000:0000:0000:0000:0000:0000:0000")).isEqualTo("fe80::");
    assertThat(IpvsCollector.compactIpv6("2001:0db8:0001:0000:0001:0001:0001:0001")).isEqualTo("2001:db8:1:0:1:1:1:1");
  }

  @Test
  void btrfsAllocationPerLayout() throws Exception {
    String uuid = "uuid=\"0abb23a9-579b-43e6-ad30-227ef47fcb9d\"";
    assertThat(Fixtures.lines(Fixtures.collect(new BtrfsCollector()))).contains(
        "node_btrfs_info{label=\"fixture\"," + uuid + "} 1",
        "node_btrfs_devices{" + uuid + "} 2",
        "node_btrfs_device_size_bytes{device=\"loop26\"," + uuid + "} 1.073741824e+10",
        "node_btrfs_global_rsv_size_bytes{" + uuid + "} 1.6777216e+07",
        "node_btrfs_reserved_bytes{block_group_type=\"metadata\"," + uuid + "} 65536",
        "node_btrfs_size_bytes{block_group_type=\"data\",mode=\"raid1\"," + uuid + "} 2.147483648e+09",
        "node_btrfs_used_bytes{block_group_type=\"system\",mode=\"single\"," + uuid + "} 16384",
        "node_btrfs_allocation_ratio{block_group_type=\"metadata\",mode=\"dup\"," + uuid + "} 2");
    assertThat(BtrfsCollector.allocationRatio("raid5", 3)).isEqualTo(1.5);
  }

  @Test
  void nfsClientTransportRpcAndProcedures() throws Exception {
    String out = Fixtures.collect(new NfsCollector());
    assertThat(Fixtures.lines(out)).contains(
        "node_nfs_packets_total{protocol=\"tcp\"} 18617",
        "node_nfs_connections_total 6",
        "node_nfs_rpcs_total 4.329785e+06",
        "node_nfs_rpc_retransmissions_total 3",
        "node_nfs_rpc_authentication_refreshes_total 42",
        "node_nfs_requests_total{method=\"Lookup\",proto=\"2\"} 4410",
        "node_nfs_requests_total{method=\"GetAttr\",proto=\"3\"} 4.084749e+06",
        "node_nfs_requests_total{method=\"Commit\",proto=\"3\"} 39",
        "node_nfs_requests_total{method=\"Read\",proto=\"4\"} 5",
        "node_nfs_requests_total{method=\"Clone\",proto=\"4\"} 0");
    // the kernel's 60th and later v4 procedures have no node_exporter name and are left out
    assertThat(out).doesNotContain("} 9\n");
  }

  @Test
  void mountTableHonoursDefaultExclusionsAndUnescapes() throws Exception {
    var mounts = FilesystemCollector.mounts(Fixtures.context());
    assertThat(mounts).extracting(FilesystemCollector.Mount::mountPoint).containsExactly("/", "/data disk", "/tmp");
    assertThat(mounts.get(1).readOnly()).isTrue();
    assertThat(mounts.get(1).fsType()).isEqualTo("xfs");
  }

  @Test
  void filesystemStatsPerMountWithDeviceErrorForUnreachableMounts() throws Exception {
    String out = Fixtures.collect(new FilesystemCollector());
    assertThat(Fixtures.lines(out)).contains(
        "node_filesystem_device_error{device=\"/dev/vda\",fstype=\"ext4\",mountpoint=\"/\"} 0",
        "node_filesystem_device_error{device=\"tmpfs\",fstype=\"tmpfs\",mountpoint=\"/tmp\"} 0",
        "node_filesystem_device_error{device=\"/dev/vdb\",fstype=\"xfs\",mountpoint=\"/data disk\"} 1",
        "node_filesystem_readonly{device=\"/dev/vda\",fstype=\"ext4\",mountpoint=\"/\"} 0");
    assertThat(out).containsPattern("node_filesystem_size_bytes\\{device=\"/dev/vda\",fstype=\"ext4\",mountpoint=\"/\"} [1-9]")
        .containsPattern("node_filesystem_files\\{device=\"tmpfs\",fstype=\"tmpfs\",mountpoint=\"/tmp\"} [1-9]")
        .doesNotContain("node_filesystem_size_bytes{device=\"/dev/vdb\"");
  }

  @Test
  void missingFilesFailTheCollectorWithAClearError() {
    NodeContext empty = new NodeContext(Fixtures.host().resolve("nope"), Fixtures.host().resolve("nope"),
        Fixtures.host().resolve("nope"), null, null);
    assertThatThrownBy(() -> new MeminfoCollector().collect(empty, new MetricSet()))
        .isInstanceOf(java.nio.file.NoSuchFileException.class).hasMessageContaining("meminfo");
    assertThatThrownBy(() -> new PressureCollector().collect(empty, new MetricSet())).isInstanceOf(NoDataException.class);
    assertThatThrownBy(() -> new TimexCollector().collect(empty, new MetricSet())).isInstanceOf(UnsupportedOperationException.class);
  }
}
