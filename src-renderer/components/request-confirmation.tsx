// The step between a request's form and sending it, the same for 申请续期, 申请变更信息 and 申请注销:
// a heading, what will happen (the children), why the last try failed, and two buttons — send, or
// go back. Sending takes the focus, except where it cannot be undone (注销): there the safe choice
// does, so Enter alone never sends.
import { useId, type ReactNode } from 'react';
import { ErrorMessage } from './error-message';

export function RequestConfirmation(props: {
  title: string;
  testId: string;
  /** h2 where the confirmation stands alone (the renewal banner), h3 inside a form's section. */
  headingLevel: 2 | 3;
  confirmLabel: string;
  onConfirm: () => void;
  backLabel: string;
  onBack: () => void;
  /** The last try's failure, shown above the buttons so the holder can try again. */
  error?: unknown;
  /** Sending cannot be undone: a danger button, and the focus on going back. */
  irreversible?: boolean;
  children: ReactNode;
}) {
  const titleId = useId();
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="renewal-confirm" aria-labelledby={titleId} data-testid={props.testId}>
      <Heading id={titleId} className="section-title">
        {props.title}
      </Heading>
      {props.children}
      <ErrorMessage error={props.error} />
      <div className="button-row">
        <button
          type="button"
          className={props.irreversible ? 'button button-danger' : 'button button-primary'}
          autoFocus={!props.irreversible}
          onClick={props.onConfirm}
        >
          {props.confirmLabel}
        </button>
        <button type="button" className="button" autoFocus={props.irreversible} onClick={props.onBack}>
          {props.backLabel}
        </button>
      </div>
    </section>
  );
}
