package dev.flinkrecipes.cluster;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The integration tests that run a standalone cluster from bin/ (on free ports of its own, see
 * {@link LocalCluster}): in one fork, while {@link dev.flinkrecipes.InProcessITSuite} runs the rest
 * in the other.
 */
@Suite
@SelectPackages("dev.flinkrecipes.cluster")
@IncludeClassNamePatterns(".*IT")
public class ClusterITSuite {}
