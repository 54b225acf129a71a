import { useState } from 'react';
import type { JobView } from '../../../shared/api/jobs.js';
import { getApi } from '../../api/get-api.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { EmptyState, ErrorBanner, Loading } from '../../ui/states.js';
import { AddJobForm } from './add-job-form.js';
import { JobRow } from './job-row.js';
import { RemoveJobDialog } from './remove-job-dialog.js';
import './schedules.css';

/** Monitoring: the jobs that scan on a schedule, adding and removing them, running one now. */
export function SchedulesCard() {
  const jobs = useApiQuery(() => getApi().listJobs({}), [], ['runs', 'rules']);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<JobView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = jobs.data?.jobs ?? [];

  return (
    <div className="card schedules-card" data-testid="schedules-card" data-ready={jobs.data ? 'true' : 'false'}>
      <div className="row">
        <h2 style={{ margin: 0 }}>Schedules</h2>
        <span className="muted">lists show local time; hover a time for its exact UTC value</span>
        <span className="spacer" />
        {!adding && (
          <button
            type="button"
            className="button"
            onClick={() => {
              setAdding(true);
              setNotice(null);
            }}
            data-testid="job-open-form"
          >
            Add a schedule
          </button>
        )}
      </div>
      {jobs.data?.schedulerHeldElsewhere && (
        <div className="warn-banner" role="status" data-testid="scheduler-elsewhere">
          This window does not run the schedules: {jobs.data.schedulerHeldElsewhere} The jobs still run there; you can add, remove and run them from here.
        </div>
      )}
      {notice && (
        <div className="ok-banner" role="status" data-testid="job-notice">
          {notice}
        </div>
      )}
      {adding && (
        <AddJobForm
          taken={list.map((j) => j.name)}
          onCancel={() => setAdding(false)}
          onAdded={(job) => {
            setAdding(false);
            setNotice(`Schedule ${job.name} added: ${job.scheduleText}.`);
            jobs.reload();
          }}
        />
      )}
      {jobs.error && <ErrorBanner error={jobs.error} onRetry={jobs.reload} />}
      {jobs.loading && !jobs.data && <Loading />}
      {jobs.data && list.length === 0 && !adding && (
        <EmptyState
          title="No schedules yet"
          action={
            <button type="button" className="button primary" onClick={() => setAdding(true)}>
              Add a schedule
            </button>
          }
        >
          A schedule scans rules on its own, every few minutes or at set times, while the app (or <span className="mono">policysentinel monitor</span>) runs. New
          violations appear in the history and on the Violations screen without anyone pressing a button.
        </EmptyState>
      )}
      {list.length > 0 && (
        <table className="table jobs-table" data-testid="jobs-table">
          <thead>
            <tr>
              <th>Job</th>
              <th>Schedule</th>
              <th>Rules</th>
              <th>Next run</th>
              <th>Last execution</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((job) => (
              <JobRow key={job.name} job={job} onRemove={setRemoving} />
            ))}
          </tbody>
        </table>
      )}
      {removing && (
        <RemoveJobDialog
          job={removing}
          onClose={() => setRemoving(null)}
          onRemoved={() => {
            setNotice(`Schedule ${removing.name} removed.`);
            setRemoving(null);
            jobs.reload();
          }}
        />
      )}
    </div>
  );
}
