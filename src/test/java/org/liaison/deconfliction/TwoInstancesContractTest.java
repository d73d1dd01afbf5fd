package org.liaison.deconfliction;

/**
 * The whole contract against two hub instances sharing one PostgreSQL database; each request goes
 * to the next instance in turn.
 */
class TwoInstancesContractTest extends PostgresContractTest {
  @Override
  protected int instances() {
    return 2;
  }
}
