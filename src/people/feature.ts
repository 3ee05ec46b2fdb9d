import { join } from 'node:path';
import type { Feature } from '../app-types.ts';
import { importDepartments, importPeople } from './import.ts';
import { DATA_DIR } from '../paths.ts';
import { runCommand } from '../cli/run.ts';
import { countOf } from '../i18n/index.ts';

/** The people directory and departments: CLI import and demo data. */
export const peopleFeature: Feature = {
  name: 'people',
  cli(program, env) {
    const people = program.command('people').description('the people directory');
    people
      .command('import')
      .description('import the people directory (CSV: email,name,department,manager,language,timezone,slack_user_id,teams_user_id[,vip])')
      .argument('<file>', 'CSV file')
      .option('--replace', 'people not in the file become inactive (never messaged again)')
      .option('--db <path>', 'SQLite database file')
      .action((file: string, o: { replace?: boolean; db?: string }) =>
        runCommand(env, o, (app) => {
          const r = importPeople(app, file, { replace: o.replace });
          env.out(`imported ${countOf(r.imported, 'en', 'person', 'people')}${o.replace ? `, ${r.deactivated} deactivated` : ''}`);
        }),
      );
    const depts = program.command('departments').description('departments and their IT key account managers');
    depts
      .command('import')
      .description('import departments (CSV: department,name_de,name_en,key_account,it_channel_slack,it_channel_teams)')
      .argument('<file>', 'CSV file')
      .option('--db <path>', 'SQLite database file')
      .action((file: string, o: { db?: string }) =>
        runCommand(env, o, (app) => {
          const r = importDepartments(app, file);
          env.out(`imported ${countOf(r.imported, 'en', 'department', 'departments')}`);
        }),
      );
  },
  demo(app) {
    importPeople(app, join(DATA_DIR, 'people.csv'));
    importDepartments(app, join(DATA_DIR, 'departments.csv'));
  },
};
