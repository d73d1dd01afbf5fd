package org.liaison.deconfliction;

/**
 * The whole contract against three hub instances sharing one PostgreSQL database; each request
 * goes to the next instance in turn.
 */
class ThreeInstancesContractTest extends PostgresContractTest {
  @Override
  protected int instances() {
    return 3;
  }
}
