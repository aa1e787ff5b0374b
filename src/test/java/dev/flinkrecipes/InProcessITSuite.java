package dev.flinkrecipes;

import org.junit.platform.suite.api.ExcludePackages;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The integration tests that need no standalone cluster (in-JVM Kafka and PostgreSQL, local runs on
 * free ports): beside {@link dev.flinkrecipes.cluster.ClusterITSuite}, in a fork of their own.
 */
@Suite
@SelectPackages("dev.flinkrecipes")
@ExcludePackages("dev.flinkrecipes.cluster")
@IncludeClassNamePatterns(".*IT")
public class InProcessITSuite {}
