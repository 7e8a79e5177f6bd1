/** Service discovery: target groups from static configs and from watched files. */
package io.bongsu.metrics.scrape.discovery;
