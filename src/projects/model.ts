import type { Bi } from '../i18n/index.ts';

export const PHASES = ['planned', 'running', 'done'] as const;
export type Phase = (typeof PHASES)[number];

export interface Milestone {
  /** a calendar day, YYYY-MM-DD, in the organisation's time zone */
  date: string;
  title: Bi;
}

/** A validated IT project as stored (projects.definition). */
export interface Project {
  id: string;
  title: Bi;
  /** what changes for the people it concerns */
  changes: Bi;
  /** audience terms as written (all, managers, it-staff, department:NAME, e-mails) */
  audience: string[];
  phase: Phase;
  owner: string;
  link: string | null;
  milestones: Milestone[];
}

/** A thing that happened to a project (project_news). */
export interface ProjectNews {
  key: string;
  projectId: string;
  kind: 'phase' | 'milestone';
  phase: Phase | null;
  milestoneDate: string | null;
  happenedAt: string;
  announcedAt: string | null;
}

export function phaseKey(id: string, phase: Phase): string {
  return `project:${id}:phase:${phase}`;
}

export function milestoneKey(id: string, date: string): string {
  return `project:${id}:milestone:${date}`;
}
