// PostGraphile v5 on the load benchmark's database, for comparison only (see
// scripts/load). Every column may be filtered and ordered on, so that the
// compared queries can ask for published rows in order as Rådhus does.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";

export default {
  extends: [PostGraphileAmberPreset],
  disablePlugins: ["PgIndexBehaviorsPlugin"],
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ["public"] })],
  grafserv: { port: Number(process.env.PORT ?? 8182), graphqlPath: "/graphql", watch: false, graphiql: false },
  grafast: { explain: false },
};
