import { CodeBlock } from '../ui/CodeBlock.tsx';
import { Tabs } from '../ui/Tabs.tsx';
import { axiosSnippet } from './axios-snippet.ts';
import type { InputField } from './example-payload.ts';
import {
  curlSnippet,
  fetchSnippet,
  flowgateSnippet,
  lamaticSnippet,
  pythonSnippet,
  type SnippetTarget,
} from './snippets.ts';

const LANGUAGES: {
  id: string;
  label: string;
  install?: string;
  build(target: SnippetTarget, fields: readonly InputField[]): string;
}[] = [
  { id: 'curl', label: 'cURL', build: curlSnippet },
  { id: 'fetch', label: 'fetch', build: fetchSnippet },
  { id: 'axios', label: 'axios', install: 'npm install axios', build: axiosSnippet },
  { id: 'python', label: 'Python', install: 'pip install requests', build: pythonSnippet },
  { id: 'lamatic', label: 'lamatic SDK', install: 'npm install lamatic', build: lamaticSnippet },
  { id: 'flowgate', label: 'Flowgate SDK', install: 'npm install @flowgate/sdk', build: flowgateSnippet },
];

/** One tab per language, each a copyable request for the same flow. */
export function SnippetTabs({ target, fields }: { target: SnippetTarget; fields: readonly InputField[] }) {
  return (
    <Tabs
      label="Request snippets"
      tabs={LANGUAGES.map((language) => ({
        id: language.id,
        label: language.label,
        content: (
          <>
            {language.install ? (
              <p className="muted">
                Install: <code>{language.install}</code>
              </p>
            ) : null}
            <CodeBlock
              code={language.build(target, fields)}
              label={`${language.label} request`}
              testId={`snippet-${language.id}`}
            />
          </>
        ),
      }))}
    />
  );
}
