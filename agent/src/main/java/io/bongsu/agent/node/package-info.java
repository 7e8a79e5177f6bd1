/**
 * Host collectors compatible with node_exporter 1.5: same metric names, types, label names, units
 * and HELP texts, read straight from procfs and sysfs (paths configurable through
 * {@link io.bongsu.agent.node.NodeContext}). {@link io.bongsu.agent.node.NodeScraper} runs them
 * concurrently per scrape under a time limit and adds the {@code node_scrape_collector_*} metrics.
 */
package io.bongsu.agent.node;
