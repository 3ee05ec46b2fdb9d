import { afterEach, describe, expect, it } from 'vitest';
import { testApp, testFile, type TestApp } from '../doubles/app.ts';
import { inputProblems } from '../doubles/input.ts';
import { importCatalog } from '../../src/catalog/import.ts';
import { importDepartments, importPeople } from '../../src/people/import.ts';
import { importHelpdesk } from '../../src/newsletter/helpdesk.ts';

// A row with more cells than the header names: the message says which cells (by column number)
// have no column name and what they hold, in every CSV import that reports such a row.

let app: TestApp;
afterEach(() => app?.cleanup());

describe('cells beyond the header', () => {
  it('catalog: a value in a column the header leaves unnamed is named by its column number and text', () => {
    app = testApp();
    const f = testFile(app, 'stray.csv', 'id;name_de;name_en;summary_de;summary_en;;\r\nvpn;V;V;S;S;;forgotten\r\nwlan;W;W;S;S;;\r\n');
    expect(inputProblems(() => importCatalog(app, f))).toEqual([
      `${f}: line 2: 7 cells but the header has 5 columns (check the quoting): cells 6-7 have no column name in the header (cell 7 holds "forgotten", the other is empty)`,
    ]);
  });

  it('catalog: an unquoted comma shifts the row; a long cell is shortened, on one line', () => {
    app = testApp();
    const f = testFile(app, 'shift.csv', 'id,name_de,name_en,summary_de,summary_en\nvpn,VPN,VPN,Von zu Hause arbeiten, sicher und verschlüsselt über das Internet,"Work from\nhome"\n');
    expect(inputProblems(() => importCatalog(app, f))).toEqual([
      `${f}: line 2: 6 cells but the header has 5 columns (check the quoting): cell 6 has no column name in the header (cell 6 holds "Work from home")`,
    ]);
    const g = testFile(app, 'many.csv', 'id,name_de\nvpn,VPN,a,,b,Ein sehr langer Text der über dreissig Zeichen hat,c\n');
    expect(inputProblems(() => importCatalog(app, g))).toEqual([
      `${g}: line 2: 7 cells but the header has 2 columns (check the quoting): cells 3-7 have no column name in the header (cell 3 holds "a", cell 5 holds "b", cell 6 holds "Ein sehr langer Text der über…", 1 more holds text, the other is empty)`,
    ]);
  });

  it('people: the row with too many cells names the cells beyond the header', () => {
    app = testApp();
    const f = testFile(app, 'people.csv',
      'email,name,department,manager,language,timezone,slack_user_id,teams_user_id,,\n' +
      'anna@x.example,Anna,Finance,false,de,Europe/Zurich,,,,VIP\n');
    expect(inputProblems(() => importPeople(app, f))).toEqual([
      `${f}: line 2: columns: expected 8 columns, got 10: cells 9-10 have no column name in the header (cell 10 holds "VIP", the other is empty)`,
    ]);
  });

  it('departments and helpdesk: a value in a column the header leaves unnamed is reported, not dropped unseen', () => {
    app = testApp();
    const d = testFile(app, 'departments.csv',
      'department,name_de,name_en,key_account,it_channel_slack,it_channel_teams,\n' +
      'Finance,Finanzen,Finance,,,,forgotten\n' +
      'HR,Personal,HR,,,,\n');
    expect(inputProblems(() => importDepartments(app, d))).toEqual([
      `${d}: line 2: columns: 7 cells but the header has 6 columns (check the quoting): cell 7 has no column name in the header (cell 7 holds "forgotten")`,
    ]);
    const h = testFile(app, 'helpdesk.csv',
      'ticket_id,opened_at,closed_at,category,department,satisfaction,,\n' +
      'T1,2026-11-01 09:00,,Laptop,Finance,,,oops\n');
    expect(inputProblems(() => importHelpdesk(app, h))).toEqual([
      `${h}: line 2: columns: 8 cells but the header has 6 columns (check the quoting): cells 7-8 have no column name in the header (cell 8 holds "oops", the other is empty)`,
    ]);
    // (named columns after the helpdesk's own are still ignored, as before)
    const named = testFile(app, 'helpdesk-named.csv', 'ticket_id,opened_at,closed_at,category,department,satisfaction,agent\nT2,2026-11-01 09:00,,Laptop,Finance,,Marco\n');
    expect(importHelpdesk(app, named)).toEqual({ imported: 1 });
  });

  it('helpdesk: a stray quote is named with its column after the problems of the rows before it, and nothing is imported', () => {
    app = testApp();
    const h = testFile(app, 'quote.csv',
      'ticket_id,opened_at,closed_at,category,department,satisfaction\n' +
      'T1,2026-11-01 09:00,,Laptop,Finance,7\n' +
      'T2,2026-11-01 10:00,,27" Monitor,Finance,\n');
    expect(inputProblems(() => importHelpdesk(app, h))).toEqual([
      `${h}: line 2: satisfaction: "7" is not a whole number from 1 to 5`,
      `${h}: line 3: not valid CSV: a quote inside a cell (column category) after "27": write the cell in quotes with each quote in it doubled, such as "Laptop ""X1"""; this row is not read (the rows after it are checked)`,
    ]);
    const tabs = testFile(app, 'tabs.txt', 'ticket_id\topened_at\tclosed_at\tcategory\tdepartment\tsatisfaction\nT1\t2026-11-01 09:00\t\t\t\t\n');
    expect(inputProblems(() => importHelpdesk(app, tabs))).toEqual([
      `${tabs}: line 1: the cells are separated by tabs (a "Text (Tab delimited)" file): a helpdesk CSV separates them with , or ; (in Excel save it as "CSV UTF-8 (Comma delimited)")`,
    ]);
  });
});
