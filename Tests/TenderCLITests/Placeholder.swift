// placeholder until the CLI tests are migrated to the lifecycle
